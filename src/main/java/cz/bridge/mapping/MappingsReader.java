package cz.bridge.mapping;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads mappings.yaml into {@link Mappings}, or fails with every problem found, each with
 * its line, row and field. It reads YAML nodes rather than binding to classes so that it
 * can say where a value stands.
 */
public class MappingsReader {

    /** A row with its number in the file (1-based, counting every row, also those that do not read). */
    public record Numbered<T>(int row, T state) {
    }

    /** Every row of the file that reads, and every problem found (empty when the file can be used). */
    public record Contents(List<Numbered<ExternalState>> externalStates, List<Numbered<EmployeeState>> employeeStates,
                           List<String> problems) {
    }

    /** The mappings, or {@link MappingsInvalid} with every problem found. */
    public Mappings read(Path file) {
        Contents contents = readContents(file);
        if (!contents.problems().isEmpty()) {
            throw new MappingsInvalid(file.toString(), contents.problems());
        }
        return new Mappings(contents.externalStates().stream().map(Numbered::state).toList(),
                contents.employeeStates().stream().map(Numbered::state).toList());
    }

    /**
     * Reads whatever rows can be read, with the problems of the file; fails only where the file
     * is no YAML map at all. The validator uses it to check the readable rows of a refused file.
     */
    public Contents readContents(Path file) {
        String name = file.toString();
        Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (MarkedYAMLException e) {
            throw new MappingsInvalid(name, List.of("line " + (e.getProblemMark().getLine() + 1) + ": not valid YAML: " + e.getProblem()));
        } catch (IOException e) {
            throw new MappingsInvalid(name, List.of("cannot read the file: " + e));
        }
        List<String> problems = new ArrayList<>();
        if (!(root instanceof MappingNode top)) {
            throw new MappingsInvalid(name, List.of("the file must hold a map with the key externalStates (and optionally employeeStates)"));
        }
        Map<String, Node> sections = fields(top);
        List<Numbered<ExternalState>> states = readExternalStates(sections.get("externalStates"), problems);
        List<Numbered<EmployeeState>> employeeStates = readEmployeeStates(sections.get("employeeStates"), problems);
        checkTable(states.stream().map(Numbered::state).toList(), problems);
        return new Contents(states, employeeStates, problems);
    }

    private List<Numbered<ExternalState>> readExternalStates(Node node, List<String> problems) {
        List<Numbered<ExternalState>> states = new ArrayList<>();
        if (!(node instanceof SequenceNode rows)) {
            problems.add("externalStates is missing or not a list: it must list the AristoTelos external states");
            return states;
        }
        int rowNumber = 0;
        for (Node rowNode : rows.getValue()) {
            rowNumber++;
            int line = rowNode.getStartMark().getLine() + 1;
            if (!(rowNode instanceof MappingNode row)) {
                problems.add(where(line, rowNumber, null) + "is not a map of name, id, code, reasonId, reasonCode, operatorState");
                continue;
            }
            Map<String, Node> f = fields(row);
            String rowName = text(f.get("name"));
            String at = where(line, rowNumber, rowName);
            if (rowName == null || rowName.isBlank()) {
                problems.add(at + "field name is missing");
            }
            Integer id = number(f.get("id"), at, "id", problems);
            String code = text(f.get("code"));
            if (code == null || code.isBlank()) {
                problems.add(at + "field code is missing: use Login, Logout, Ready or NotReady");
            }
            Integer reasonId = f.containsKey("reasonId") ? number(f.get("reasonId"), at, "reasonId", problems) : Integer.valueOf(0);
            String reasonCode = text(f.get("reasonCode"));
            if (id != null && reasonId != null && code != null) {
                states.add(new Numbered<>(rowNumber,
                        new ExternalState(rowName, id, code, reasonId, reasonCode, text(f.get("operatorState")), line)));
            }
        }
        return states;
    }

    private List<Numbered<EmployeeState>> readEmployeeStates(Node node, List<String> problems) {
        List<Numbered<EmployeeState>> states = new ArrayList<>();
        if (node == null || isNull(node)) {
            return states;
        }
        if (!(node instanceof SequenceNode rows)) {
            problems.add("line " + (node.getStartMark().getLine() + 1) + ": employeeStates must be a list");
            return states;
        }
        int rowNumber = 0;
        for (Node rowNode : rows.getValue()) {
            rowNumber++;
            int line = rowNode.getStartMark().getLine() + 1;
            if (rowNode instanceof MappingNode row) {
                Map<String, Node> f = fields(row);
                List<String> terminating = new ArrayList<>();
                if (f.get("terminatingStates") instanceof SequenceNode list) {
                    list.getValue().forEach(n -> terminating.add(text(n)));
                }
                states.add(new Numbered<>(rowNumber,
                        new EmployeeState(text(f.get("name")), text(f.get("abbreviation")), terminating, line)));
            } else {
                problems.add("line " + line + ": an employee state must be a map of name, abbreviation, terminatingStates");
            }
        }
        return states;
    }

    /** What the translation itself relies on; the validator command checks more. */
    private void checkTable(List<ExternalState> states, List<String> problems) {
        for (String mandatory : List.of(ExternalState.LOGIN, ExternalState.LOGOUT, ExternalState.READY)) {
            if (states.stream().noneMatch(s -> mandatory.equals(s.code()))) {
                problems.add("externalStates has no row with code " + mandatory + " (Login, Logout and Ready are mandatory)");
            }
        }
        Map<String, ExternalState> seen = new HashMap<>();
        Set<String> codes = new HashSet<>(List.of(ExternalState.LOGIN, ExternalState.LOGOUT, ExternalState.READY, ExternalState.NOT_READY));
        for (int i = 0; i < states.size(); i++) {
            ExternalState s = states.get(i);
            String at = where(s.line(), i + 1, s.name());
            if (!codes.contains(s.code())) {
                problems.add(at + "field code is '" + s.code() + "': use Login, Logout, Ready or NotReady (exactly so spelt)");
            }
            if (ExternalState.NOT_READY.equals(s.code()) && (s.reasonCode() == null || s.reasonCode().isBlank())) {
                problems.add(at + "field reasonCode is missing: a NotReady row needs the Daktela pause name as its reason code");
            }
            String key = s.code() + "/" + (ExternalState.NOT_READY.equals(s.code()) ? s.reasonCode() : "");
            ExternalState earlier = seen.putIfAbsent(key, s);
            if (earlier != null) {
                problems.add(at + "repeats code " + s.code()
                        + (ExternalState.NOT_READY.equals(s.code()) ? " with reasonCode '" + s.reasonCode() + "'" : "")
                        + " of row '" + earlier.name() + "' on line " + earlier.line() + ": keep one of them");
            }
        }
    }

    private static String where(int line, int row, String name) {
        return "line " + line + ", externalStates row " + row + (name == null ? "" : " (" + name + ")") + ": ";
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

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && (Tag.NULL.equals(s.getTag()) || s.getValue().isEmpty());
    }

    private static String text(Node node) {
        if (node == null || isNull(node) || !(node instanceof ScalarNode s)) {
            return null;
        }
        return s.getValue();
    }

    private static Integer number(Node node, String at, String field, List<String> problems) {
        String value = text(node);
        if (value == null) {
            problems.add(at + "field " + field + " is missing: it must be a whole number");
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            problems.add(at + "field " + field + " is '" + value + "': it must be a whole number");
            return null;
        }
    }
}
