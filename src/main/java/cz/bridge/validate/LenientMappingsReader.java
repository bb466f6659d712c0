package cz.bridge.validate;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import cz.bridge.mapping.EmployeeState;
import cz.bridge.mapping.ExternalState;
import cz.bridge.mapping.MappingsReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads whatever rows of mappings.yaml can be read, ignoring the problems that
 * {@link MappingsReader} reports. Used only after the strict reader refused the file, so that
 * the validator's own checks (and the comparison with Daktela) still cover the readable rows.
 * It builds rows exactly as the strict reader would: a row needs an id, a code and a numeric
 * reasonId (0 when left out).
 */
final class LenientMappingsReader {

    /** The readable rows, or null when the file is no YAML map at all. */
    MappingsTable read(Path file) {
        Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (!(root instanceof MappingNode top)) {
            return null;
        }
        Map<String, Node> sections = fields(top);
        List<MappingsTable.Row<ExternalState>> external = new ArrayList<>();
        if (sections.get("externalStates") instanceof SequenceNode rows) {
            int number = 0;
            for (Node rowNode : rows.getValue()) {
                number++;
                if (rowNode instanceof MappingNode row) {
                    Map<String, Node> f = fields(row);
                    Integer id = number(f.get("id"));
                    String code = text(f.get("code"));
                    Integer reasonId = f.containsKey("reasonId") ? number(f.get("reasonId")) : Integer.valueOf(0);
                    if (id != null && reasonId != null && code != null) {
                        external.add(new MappingsTable.Row<>(number, new ExternalState(text(f.get("name")), id, code,
                                reasonId, text(f.get("reasonCode")), text(f.get("operatorState")),
                                rowNode.getStartMark().getLine() + 1)));
                    }
                }
            }
        }
        List<MappingsTable.Row<EmployeeState>> employee = new ArrayList<>();
        if (sections.get("employeeStates") instanceof SequenceNode rows) {
            int number = 0;
            for (Node rowNode : rows.getValue()) {
                number++;
                if (rowNode instanceof MappingNode row) {
                    Map<String, Node> f = fields(row);
                    List<String> terminating = new ArrayList<>();
                    if (f.get("terminatingStates") instanceof SequenceNode list) {
                        list.getValue().forEach(n -> terminating.add(text(n)));
                    }
                    employee.add(new MappingsTable.Row<>(number, new EmployeeState(text(f.get("name")),
                            text(f.get("abbreviation")), terminating, rowNode.getStartMark().getLine() + 1)));
                }
            }
        }
        return new MappingsTable(external, employee);
    }

    private static Map<String, Node> fields(MappingNode map) {
        Map<String, Node> fields = new HashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode key) {
                fields.put(key.getValue(), t.getValueNode());
            }
        }
        return fields;
    }

    private static String text(Node node) {
        if (!(node instanceof ScalarNode s) || Tag.NULL.equals(s.getTag()) || s.getValue().isEmpty()) {
            return null;
        }
        return s.getValue();
    }

    private static Integer number(Node node) {
        String value = text(node);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
