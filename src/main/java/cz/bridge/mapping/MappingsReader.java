package cz.bridge.mapping;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import cz.bridge.intake.AgentEvent;
import cz.bridge.logging.OneLine;
import org.apache.commons.lang3.StringUtils;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.composer.ComposerException;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads mappings.yaml: every row that reads, and the findings of the file's form and of
 * {@link MappingsRules} on those rows, each with its rule, line, row, field and fix. The bridge
 * (at start and on every reload) and the validator read files through it, so they find the same.
 * It reads YAML nodes rather than binding to classes so that it can say where a value stands.
 */
public class MappingsReader {

    private static final List<String> SECTIONS = List.of(Where.EXTERNAL_STATES, Where.EMPLOYEE_STATES);
    private static final List<String> EXTERNAL_FIELDS = List.of("name", "id", "code", "reasonId", "reasonCode", "operatorState");
    private static final List<String> EMPLOYEE_FIELDS = List.of("name", "abbreviation", "terminatingStates");
    /** The fields of one kind of row only: a row with them and none of the other kind's is in the wrong section. */
    private static final List<String> EXTERNAL_ONLY = EXTERNAL_FIELDS.subList(1, EXTERNAL_FIELDS.size());
    private static final List<String> EMPLOYEE_ONLY = EMPLOYEE_FIELDS.subList(1, EMPLOYEE_FIELDS.size());
    /** An example of each field's one value, for the fix of a list or map written there. */
    private static final Map<String, String> ONE_VALUE = Map.of("name", "Lunch", "id", "3", "code", "NotReady", "reasonId", "6",
            "reasonCode", "lunch", "operatorState", "Lunch", "abbreviation", "BO");
    private static final String ROW_FORM = "{name: ..., id: ..., code: ..., reasonId: ..., reasonCode: ..., operatorState: ...}";
    private static final String LIST_FIX = "list the external states under the key externalStates, as the default mappings.yaml does";
    private static final String EMPLOYEE_FIX = "write each employee state as {name: ..., abbreviation: ..., "
            + "terminatingStates: [...]}, as the default mappings.yaml does";

    /**
     * What a file holds.
     *
     * @param parsed   the file is a YAML map (false: missing, unreadable, no YAML, or no map; nothing could be read)
     * @param findings errors and warnings; the file may be used when there is no error
     */
    public record Contents(boolean parsed, List<ExternalState> externalStates, List<EmployeeState> employeeStates,
                           List<Finding> findings) {

        public List<Finding> errors() {
            return findings.stream().filter(Finding::isError).toList();
        }

        public List<Finding> warnings() {
            return findings.stream().filter(f -> !f.isError()).toList();
        }

        public Mappings mappings() {
            if (!errors().isEmpty()) {
                throw new IllegalStateException("a file with errors cannot be used: " + errors());
            }
            return new Mappings(externalStates, employeeStates);
        }
    }

    public Contents read(Path file) {
        List<Finding> findings = new Findings();
        LoaderOptions options = new LoaderOptions();
        // a mappings table is kilobytes; SnakeYAML's 3 MB let a file hold a million-entry list, its nodes and a finding for
        // each more than the heap (the limit counts characters, so the file may have up to 4 times as many bytes)
        options.setCodePointLimit(MAX_CHARACTERS);
        String text;
        try {
            text = text(file, options.getCodePointLimit());
        } catch (Unreadable e) {
            return unread(e.finding);
        } catch (NoSuchFileException e) {
            return unread(Finding.error("file-unreadable", Where.line(null),
                    "the file " + file.toAbsolutePath().normalize() + " does not exist",
                    "copy the default mappings.yaml there or set MAPPINGS_FILE to the file's path"));
        } catch (IOException e) {
            return unread(Finding.error("file-unreadable", Where.line(null), "cannot read the file: " + e,
                    "check the path and that the bridge may read the file"));
        }
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            if (e instanceof ComposerException && String.valueOf(e.getProblem()).contains("another document")) {
                int line = e.getProblemMark().getLine() + 1;
                return unread(Finding.error("yaml-invalid", Where.line(line),
                        "a second YAML document begins on line " + line + " ('---'); the bridge reads a file of one document",
                        "remove that '---' line and what follows it, or move what follows into the first document"));
            }
            int line = e.getProblemMark().getLine() + 1;
            String context = String.valueOf(e.getContext());
            if (e.getContextMark() != null && context.contains("simple key")) {
                // abbreviation:BO or abbreviation BO on a row's line: the parser notices on the next line
                int keyLine = e.getContextMark().getLine() + 1;
                return unread(Finding.error("yaml-invalid", Where.line(keyLine), "not valid YAML: line " + keyLine
                                + " holds no 'field: value' (" + OneLine.of(e.getProblem(), 200) + ")",
                        "write the field on line " + keyLine + " as name: value, with a space after the ':'"));
            }
            // where the row or list that was left open began (a row in braces, a list in brackets, a quoted value): a missing
            // '}' or closing quote is only noticed on a later line, which was named though it was right. A block list or map
            // begins lines above a mis-indented row, and the row itself is the one to correct
            int opened = e.getContextMark() == null || !(context.contains("flow") || context.contains("quoted"))
                    ? line : e.getContextMark().getLine() + 1;
            String problem = OneLine.of(e.getProblem(), 200);
            return unread(opened < line
                    ? Finding.error("yaml-invalid", Where.line(opened), "not valid YAML: " + OneLine.of(e.getContext(), 100)
                                    + " that begins on line " + opened + ", " + problem + " on line " + line,
                            "check the row that begins on line " + opened + ": close its braces '{ }', brackets '[ ]' and quotes, "
                                    + "and quote values that contain ',', ':' or '#'")
                    : Finding.error("yaml-invalid", Where.line(line), "not valid YAML: " + problem,
                            "correct the YAML at that line: keep the indentation of the other rows and quote values that "
                                    + "contain ':', '#' or start with a special character"));
        } catch (YAMLException e) {
            return unread(unparsed(e, text, options));
        }
        if (!(root instanceof MappingNode top)) {
            return unread(Finding.error("structure", Where.line(null),
                    "the file must hold a map with the key externalStates (and optionally employeeStates)", LIST_FIX));
        }
        Map<String, Node> sections = fields(top);
        duplicateKeys(top, Where.line(null), findings);
        unknownKeys(top, SECTIONS, Where.line(null), findings);
        List<MappingsRules.Unread> unread = new ArrayList<>();
        List<ExternalState> states = readExternalStates(sections.get("externalStates"), text.split("\n", -1), findings, unread);
        List<EmployeeState> employeeStates = readEmployeeStates(sections.get("employeeStates"), findings);
        findings.addAll(MappingsRules.check(states, employeeStates, unread));
        return new Contents(true, states, employeeStates, bounded(findings));
    }

    /** Findings listed at most: each goes into the log, readiness and validate's answer, whose size the file would set. */
    static final int MAX_FINDINGS = 100;
    /**
     * Characters a mappings file may have: the default has about 2,000, a generated table of three thousand pauses about
     * 330,000; SnakeYAML's nodes for a file of half a million one-letter entries take some 50 MB while it is read.
     */
    static final int MAX_CHARACTERS = 512 * 1024;

    /**
     * The findings of one read: the first {@value #MAX_KEPT} errors and as many warnings kept, any more only counted. A
     * broken or hostile file can repeat one mistake a hundred thousand times (a list of unknown names, an alias of a long
     * name), and every finding was kept until {@link #bounded} listed a hundred of them. Each severity on its own: a
     * thousand warnings of a generated table (reason id 0 on every pause) crowded out the error after them, and the
     * refusal named no line.
     */
    static final class Findings extends ArrayList<Finding> {
        static final int MAX_KEPT = 1_000;
        private int errorsKept;
        private int notKept;
        private int errorsNotKept;

        @Override
        public boolean add(Finding finding) {
            boolean error = finding.isError();
            if (error ? errorsKept < MAX_KEPT : size() - errorsKept < MAX_KEPT) {
                errorsKept += error ? 1 : 0;
                return super.add(finding);
            }
            notKept++;
            errorsNotKept += finding.isError() ? 1 : 0;
            return true;
        }

        @Override
        public boolean addAll(Collection<? extends Finding> more) {
            more.forEach(this::add);
            if (more instanceof Findings counted) {
                notKept += counted.notKept;
                errorsNotKept += counted.errorsNotKept;
            }
            return true;
        }
    }

    /** The first findings, errors before warnings, and one that counts the others (an error if any of them is: the verdict stays). */
    public static List<Finding> bounded(List<Finding> findings) {
        int notKept = findings instanceof Findings counted ? counted.notKept : 0;
        if (findings.size() <= MAX_FINDINGS && notKept == 0) {
            return findings;
        }
        List<Finding> ordered = findings.stream().sorted(Comparator.comparing(Finding::severity)).toList();
        List<Finding> listed = new ArrayList<>(ordered.subList(0, Math.min(MAX_FINDINGS, ordered.size())));
        List<Finding> left = ordered.subList(listed.size(), ordered.size());
        long errors = left.stream().filter(Finding::isError).count() + (findings instanceof Findings counted ? counted.errorsNotKept : 0);
        String message = (left.size() + notKept) + " more findings (" + errors + " errors) are not listed";
        String fix = "fix the findings listed and check the file again; so many usually come from one mistake repeated or a "
                + "file that is no mappings table";
        listed.add(errors > 0 ? Finding.error("more-findings", Where.line(null), message, fix)
                : Finding.warning("more-findings", Where.line(null), message, fix));
        return listed;
    }

    /**
     * The file's text, decoded strictly: SnakeYAML would stop at a byte that is not UTF-8 or at its
     * size limit with a plain exception that names neither a line nor a fix.
     */
    private static String text(Path file, int codePointLimit) throws IOException {
        long size = Files.size(file);
        // a code point takes at most 4 bytes in UTF-8: a larger file is over the limit without reading it
        if (size > 4L * codePointLimit) {
            throw new Unreadable(tooLarge(size, codePointLimit));
        }
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder().decode(in, out, true);
        if (result.isError() && bytes.length >= 2 && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
                || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF))) {
            // Windows PowerShell's '>' and Notepad's "Unicode" write UTF-16 with this mark: no 8-bit code page to blame
            throw new Unreadable(Finding.error("file-not-utf8", Where.line(1),
                    "the file is in UTF-16 (it begins with UTF-16's byte order mark), not UTF-8",
                    "save the file as UTF-8 (in the editor's Save as, choose the encoding UTF-8; in PowerShell, "
                            + "Out-File -Encoding utf8 or Set-Content -Encoding utf8 instead of '>')"));
        }
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new Unreadable(Finding.error("file-not-utf8", Where.line(line),
                    String.format("the file is not in UTF-8: the byte 0x%02X on line %d is no UTF-8 character "
                            + "(the file was perhaps saved as Windows-1250 or ISO-8859-2)", bytes[at] & 0xFF, line),
                    "save the file as UTF-8 (in the editor's Save as, choose the encoding UTF-8) and check the line's "
                            + "accented letters, e.g. Oběd"));
        }
        String text = out.flip().toString();
        if (text.codePointCount(0, text.length()) > codePointLimit) {
            throw new Unreadable(tooLarge(size, codePointLimit));
        }
        return text;
    }

    private static Finding tooLarge(long size, int codePointLimit) {
        return Finding.error("file-too-large", Where.line(null),
                String.format(Locale.ROOT, "the file is %.1f kB, larger than the %d kB (%,d characters) a mappings file may have",
                        size / 1024.0, codePointLimit / 1024, codePointLimit),
                "keep only externalStates and employeeStates in the file (the default mappings.yaml has about 2 kB); "
                        + "check that MAPPINGS_FILE names the mappings file and not another file");
    }

    /** A finding for SnakeYAML's errors without a position: a control character and the limits against hostile documents. */
    private static Finding unparsed(YAMLException e, String text, LoaderOptions options) {
        if (e instanceof ReaderException r) {
            // the reader stops at the first such character, and names no line
            int at = Math.max(0, text.indexOf(r.getCodePoint()));
            int line = 1 + (int) text.substring(0, at).chars().filter(c -> c == '\n').count();
            int column = at - text.lastIndexOf('\n', at - 1);
            return Finding.error("yaml-invalid", Where.line(line),
                    String.format("not valid YAML: the %s U+%04X on line %d, column %d, which YAML does not allow",
                            Character.isISOControl(r.getCodePoint()) ? "control character" : "character", r.getCodePoint(), line, column),
                    "delete the character at that line (most editors do not show it; retype the line) and save the file");
        }
        String problem = String.valueOf(e.getMessage());
        if (problem.startsWith("Number of aliases")) {
            return Finding.error("yaml-limit", Where.line(null),
                    "the file uses more than " + options.getMaxAliasesForCollections() + " aliases (*name) of lists or maps",
                    "write the rows out instead of repeating them by alias: a mappings file needs no anchors (&) or aliases (*)");
        }
        if (problem.startsWith("Nesting Depth")) {
            return Finding.error("yaml-limit", Where.line(null),
                    "lists or maps are nested more than " + options.getNestingDepthLimit() + " deep",
                    "write the file as the default mappings.yaml does: a list of rows under externalStates and employeeStates, "
                            + "nothing nested deeper than terminatingStates");
        }
        if (problem.contains("exceeds the limit")) {
            return tooLarge(text.getBytes(StandardCharsets.UTF_8).length, options.getCodePointLimit());
        }
        return Finding.error("yaml-invalid", Where.line(null), "not valid YAML: " + OneLine.of(problem, 300),
                "correct the YAML (compare it with the default mappings.yaml)");
    }

    /** The file cannot be read as YAML; the finding says why. */
    private static final class Unreadable extends IOException {

        private final transient Finding finding;

        Unreadable(Finding finding) {
            super(finding.message());
            this.finding = finding;
        }
    }

    private static Contents unread(Finding finding) {
        return new Contents(false, List.of(), List.of(), List.of(finding));
    }

    /** The rows that read; of those that did not, their name and code in {@code unread}, so the rules miss them not. */
    private List<ExternalState> readExternalStates(Node node, String[] fileLines, List<Finding> findings, List<MappingsRules.Unread> unread) {
        List<ExternalState> states = new ArrayList<>();
        if (!(node instanceof SequenceNode rows)) {
            findings.add(Finding.error("structure", node == null ? Where.section(Where.EXTERNAL_STATES)
                            : new Where(line(node), Where.EXTERNAL_STATES, null, null, null),
                    "externalStates is missing or not a list: it must list the AristoTelos external states", LIST_FIX));
            return states;
        }
        int rowNumber = 0;
        for (Node rowNode : rows.getValue()) {
            rowNumber++;
            int line = line(rowNode);
            if (!(rowNode instanceof MappingNode row)) {
                findings.add(Finding.error("structure", new Where(line, Where.EXTERNAL_STATES, rowNumber, null, null),
                        "the row is not a map of name, id, code, reasonId, reasonCode, operatorState", "write the row as " + ROW_FORM));
                continue;
            }
            Map<String, Node> f = fields(row);
            String name = text(f.get("name"));
            Where at = new Where(line, Where.EXTERNAL_STATES, rowNumber, name, null);
            if (inWrongSection(f, EMPLOYEE_ONLY, EXTERNAL_ONLY, at, Where.EMPLOYEE_STATES, findings)) {
                continue;
            }
            duplicateKeys(row, at, findings);
            unknownKeys(row, EXTERNAL_FIELDS, at, findings);
            Map<String, Integer> lines = fieldLines(row);
            commentAfterReasonCode(f.get("reasonCode"), fileLines, at, findings);
            List<String> notOne = notOneValue(f, EXTERNAL_FIELDS, at, lines, findings);
            if (StringUtils.isBlank(name) && !notOne.contains("name")) {
                findings.add(missing(at, "name", "set name to the external state's name in AristoTelos"));
            }
            // at the key's line: a value may be an alias of one written on another row
            Integer id = number(f.get("id"), at.atLine(lines.getOrDefault("id", line)), "id", findings);
            String code = text(f.get("code"));
            if (StringUtils.isBlank(code) && !notOne.contains("code")) {
                findings.add(missing(at, "code", "set code to Login, Logout, Ready or NotReady"));
            }
            Integer reasonId = f.containsKey("reasonId") ? number(f.get("reasonId"), at.atLine(lines.get("reasonId")), "reasonId", findings)
                    : Integer.valueOf(0);
            if (id != null && reasonId != null && code != null && notOne.isEmpty()) {
                states.add(new ExternalState(name, id, code, reasonId, text(f.get("reasonCode")), text(f.get("operatorState")),
                        line, rowNumber, lines));
            } else {
                unread.add(new MappingsRules.Unread(name, code));
            }
        }
        return states;
    }

    private List<EmployeeState> readEmployeeStates(Node node, List<Finding> findings) {
        List<EmployeeState> states = new ArrayList<>();
        if (node == null || isNull(node)) {
            return states;
        }
        if (!(node instanceof SequenceNode rows)) {
            findings.add(Finding.error("structure", new Where(line(node), Where.EMPLOYEE_STATES, null, null, null),
                    "employeeStates must be a list", EMPLOYEE_FIX));
            return states;
        }
        int rowNumber = 0;
        for (Node rowNode : rows.getValue()) {
            rowNumber++;
            if (rowNode instanceof MappingNode row) {
                Map<String, Node> f = fields(row);
                Where at = new Where(line(rowNode), Where.EMPLOYEE_STATES, rowNumber, text(f.get("name")), null);
                if (inWrongSection(f, EXTERNAL_ONLY, EMPLOYEE_ONLY, at, Where.EXTERNAL_STATES, findings)) {
                    continue;
                }
                duplicateKeys(row, at, findings);
                unknownKeys(row, EMPLOYEE_FIELDS, at, findings);
                Map<String, Integer> lines = fieldLines(row);
                notOneValue(f, EMPLOYEE_FIELDS.subList(0, 2), at, lines, findings);
                List<String> terminating = terminatingStates(f.get("terminatingStates"), new Where(lines.getOrDefault("terminatingStates",
                        line(rowNode)), Where.EMPLOYEE_STATES, rowNumber, text(f.get("name")), "terminatingStates"), findings);
                states.add(new EmployeeState(text(f.get("name")), text(f.get("abbreviation")), terminating, line(rowNode), rowNumber, lines));
            } else {
                findings.add(Finding.error("structure", new Where(line(rowNode), Where.EMPLOYEE_STATES, rowNumber, null, null),
                        "an employee state must be a map of name, abbreviation, terminatingStates", EMPLOYEE_FIX));
            }
        }
        return states;
    }

    /**
     * A row with fields only the other section's rows have, and none of its own section's: one error that says where it
     * belongs. A row added at the end of the file lands under employeeStates, and each of its fields was an unknown key to
     * remove; removed, they left an employee state of that name, and the pause was unmapped.
     */
    private static boolean inWrongSection(Map<String, Node> fields, List<String> otherOnly, List<String> ownOnly, Where at,
            String otherSection, List<Finding> findings) {
        List<String> foreign = otherOnly.stream().filter(fields::containsKey).toList();
        if (foreign.isEmpty() || ownOnly.stream().anyMatch(fields::containsKey)) {
            return false;
        }
        findings.add(Finding.error("row-in-wrong-section", at, "the row has the fields of " + (Where.EXTERNAL_STATES.equals(otherSection)
                        ? "an external state" : "an employee state") + " (" + String.join(", ", foreign) + "), but it is under "
                        + at.section(),
                "move the row under " + otherSection + " (rows belong to the section whose key is above them, at the same indentation)"));
        return true;
    }

    /**
     * The list of terminating states. A single name is an error, not an empty list: the rules would
     * then warn to add Logout where it already stands; it is read as a list of that name so that they do not.
     */
    private static List<String> terminatingStates(Node node, Where where, List<Finding> findings) {
        if (node instanceof SequenceNode list) {
            List<String> names = new ArrayList<>();
            for (Node entry : list.getValue()) {
                if (entry instanceof ScalarNode) {
                    names.add(text(entry));
                } else {
                    // read as no name, it was reported as "an empty entry" ({name: Logout} is not empty)
                    findings.add(Finding.error("structure", where, "terminatingStates holds " + (entry instanceof MappingNode ? "a map"
                            : "a list") + " on line " + line(entry) + " where an external state's name belongs",
                            "write the names alone, separated by commas: terminatingStates: [Oběd, Ready, Logout]"));
                }
            }
            return names;
        }
        if (node == null || isNull(node)) {
            return List.of();
        }
        String single = text(node);
        findings.add(Finding.error("structure", where, "terminatingStates must be a list of external state names, not "
                        + (single != null ? "the single name " + OneLine.quoted(single) : "a map"),
                "write it as a list in brackets: terminatingStates: [" + (single != null ? Names.yaml(single) : "Logout") + "]"));
        return single != null ? List.of(single) : List.of();
    }

    /**
     * The fields that hold a list or a map where one value belongs ({@code id: [3]}), each an error: read as no value,
     * such a field was reported as missing, which the row plainly is not. Returns their names.
     */
    private static List<String> notOneValue(Map<String, Node> fields, List<String> names, Where row, Map<String, Integer> lines,
            List<Finding> findings) {
        List<String> notOne = new ArrayList<>();
        for (String name : names) {
            Node value = fields.get(name);
            if (value instanceof SequenceNode || value instanceof MappingNode) {
                notOne.add(name);
                findings.add(Finding.error("field-not-one-value", row.atLine(lines.get(name)).withField(name),
                        name + " is " + (value instanceof SequenceNode ? "a list" : "a map") + ", not one value",
                        "write the one value without brackets or braces, as " + name + ": " + ONE_VALUE.get(name)));
            }
        }
        return notOne;
    }

    private static Finding missing(Where row, String field, String fix) {
        return Finding.error("field-missing", row.withField(field), "the row has no " + field, fix);
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    /** The line of each scalar key of the map; of a key written twice, the last one's (as in {@link #fields}). */
    private static Map<String, Integer> fieldLines(MappingNode map) {
        return map.getValue().stream().filter(t -> t.getKeyNode() instanceof ScalarNode)
                .collect(Collectors.toUnmodifiableMap(t -> ((ScalarNode) t.getKeyNode()).getValue(), t -> line(t.getKeyNode()), (first, last) -> last));
    }

    /** The map's values by their scalar keys; of a key written twice (an error, see duplicateKeys), the last value. */
    private static Map<String, Node> fields(MappingNode map) {
        return map.getValue().stream().filter(t -> t.getKeyNode() instanceof ScalarNode)
                .collect(Collectors.toMap(t -> ((ScalarNode) t.getKeyNode()).getValue(), NodeTuple::getValueNode, (first, last) -> last));
    }

    /**
     * A key written twice in one map is an error: SnakeYAML keeps both, and the last would silently win
     * (a second externalStates block would drop the first block's rows).
     */
    private static void duplicateKeys(MappingNode map, Where where, List<Finding> findings) {
        Map<String, NodeTuple> seen = new HashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                continue;
            }
            NodeTuple earlier = seen.putIfAbsent(key.getValue(), t);
            if (earlier == null) {
                continue;
            }
            String name = key.getValue();
            int firstLine = line(earlier.getKeyNode());
            int secondLine = line(key);
            boolean top = where.section() == null;
            findings.add(Finding.error("duplicate-key", top ? new Where(secondLine, name, null, null, null)
                            : new Where(secondLine, where.section(), where.row(), where.name(), name),
                    (top ? "the file has the key " : "the row has the key ") + name + " twice, on line " + firstLine
                            + valueOf(earlier) + " and on line " + secondLine + valueOf(t) + ": only the last would be read",
                    top ? "put everything under one " + name + " key and delete the other"
                            : "keep one " + name + " in the row, with the value that is meant"));
        }
    }

    /**
     * A key the bridge does not read: in a row an error, as the field it was meant for is then missing or,
     * for reasonId, silently 0; beside the sections a warning, as it is ignored (a misspelt employeeStates
     * leaves the employee states unchecked).
     */
    private static void unknownKeys(MappingNode map, List<String> known, Where where, List<Finding> findings) {
        boolean top = where.section() == null;
        NodeTuple before = null;
        for (NodeTuple t : map.getValue()) {
            NodeTuple previous = before;
            before = t;
            if (!(t.getKeyNode() instanceof ScalarNode key) || known.contains(key.getValue())) {
                continue;
            }
            String name = key.getValue();
            String closest = Names.closest(name, known);
            String fix;
            int colon = name.indexOf(':');
            String keyPart = colon > 0 ? name.substring(0, colon).strip() : null;
            String field = keyPart == null || known.contains(keyPart) ? keyPart : Names.closest(keyPart, known);
            if ("<<".equals(name)) {
                fix = "write the row's fields out: merge keys (<<) are not read";
            } else if (field != null && isNull(t.getValueNode())) {
                // {operatorState:Oběd}: without a space after it a ':' is part of the key; the comma check below took the whole
                // for the rest of the value before it and said to quote them together, which left the row valid and the pause
                // unmapped
                fix = "put a space after the ':', " + field + ": " + OneLine.of(name.substring(colon + 1).strip(), 100)
                        + " (without it the field and its value are read as one key)";
            } else if (!top && commaInValue(map, t, previous)) {
                // {reasonCode: Pauza, oběd}: the comma ended the value, and "oběd" became a key without one. Removing that
                // key, as the fix said, left a valid row for the pause "Pauza", and the real pause's events were parked
                String value = ((ScalarNode) previous.getValueNode()).getValue() + ", " + name;
                fix = "a comma ends a value in a row written in braces: quote the whole value, "
                        + ((ScalarNode) previous.getKeyNode()).getValue() + ": \"" + OneLine.of(value, 100).replace("\"", "\\\"") + "\"";
            } else if (top && closest != null && fields(map).containsKey(closest)) {
                fix = "move its rows under " + closest + " and delete this key";
            } else if (closest != null) {
                fix = "write " + closest + " (exactly so spelt)";
            } else {
                fix = "remove it; " + (top ? "the file has the keys " : "a row has the keys ") + String.join(", ", known);
            }
            if (top && Where.EXTERNAL_STATES.equals(closest)) {
                // the rows under it are not read, and their pauses' events would be parked as unmapped
                findings.add(Finding.error("key-unknown", new Where(line(key), null, null, null, name),
                        "the key " + OneLine.quoted(name) + " is none the bridge reads: the rows under it would not be read", fix));
            } else if (top) {
                findings.add(Finding.warning("key-unknown", new Where(line(key), null, null, null, name),
                        "the key " + OneLine.quoted(name) + " is none the bridge reads, so it is ignored", fix));
            } else {
                findings.add(Finding.error("key-unknown", new Where(line(key), where.section(), where.row(), where.name(), name),
                        "the row has the key " + OneLine.quoted(name) + ", which the bridge does not read", fix));
            }
        }
    }

    /**
     * reasonCode: porada #2, in a row written over several lines: ' #' begins a comment there, the pause read was "porada"
     * and the events of "porada #2" were parked, with nothing said. (In a row in braces the comment hides the '}' and the
     * file does not parse.) A warning: a comment after a value may be meant.
     */
    private static void commentAfterReasonCode(Node value, String[] fileLines, Where at, List<Finding> findings) {
        if (!(value instanceof ScalarNode plain) || plain.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN || plain.getValue().isEmpty()) {
            return;
        }
        // SnakeYAML's marks count code points, within the line
        int line = plain.getEndMark().getLine();
        if (line >= fileLines.length || plain.getEndMark().getColumn() > fileLines[line].codePointCount(0, fileLines[line].length())) {
            return;
        }
        int end = fileLines[line].offsetByCodePoints(0, plain.getEndMark().getColumn());
        String rest = fileLines[line].substring(end).stripTrailing();
        // the value ends there (a plain value over several lines, or a line break Java's split does not know, is let be)
        if (fileLines[line].substring(0, end).endsWith(plain.getValue()) && rest.matches("[ \t]+#.*")) {
            String whole = plain.getValue() + rest;
            findings.add(Finding.warning("reason-code-comment", new Where(line + 1, at.section(), at.row(), at.name(), "reasonCode"),
                    "reasonCode is read as " + OneLine.quoted(plain.getValue()) + ": the " + OneLine.quoted(rest.strip())
                            + " after it is a comment",
                    "if it is part of the Daktela pause's name, quote the whole value, reasonCode: \""
                            + OneLine.of(whole, 100).replace("\"", "\\\"") + "\""));
        }
    }

    /** A key without a value right after a plain value, in a row in braces: what a comma inside a value makes. */
    private static boolean commaInValue(MappingNode map, NodeTuple t, NodeTuple previous) {
        return map.getFlowStyle() == DumperOptions.FlowStyle.FLOW && isNull(t.getValueNode())
                && t.getValueNode().getStartMark().getIndex() == t.getKeyNode().getEndMark().getIndex()
                && previous != null && previous.getKeyNode() instanceof ScalarNode
                && previous.getValueNode() instanceof ScalarNode value && !isNull(value)
                && value.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
    }

    private static String valueOf(NodeTuple t) {
        String value = text(t.getValueNode());
        return value == null ? "" : " (" + OneLine.quoted(value) + ")";
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && (Tag.NULL.equals(s.getTag()) || s.getValue().isEmpty());
    }

    /**
     * In Unicode's composed form (NFC), as the intake takes user names and Mappings a pause's: an "ě" pasted from a Mac
     * comes decomposed, "e" and a combining caron, and such a name was no other's though it looked the same in every message.
     */
    private static String text(Node node) {
        return node instanceof ScalarNode s && !isNull(s) ? AgentEvent.composed(s.getValue()) : null;
    }

    private static Integer number(Node node, Where row, String field, List<Finding> findings) {
        String value = text(node);
        String fix = "set " + field + " to the whole number AristoTelos shows for this external state";
        if (node instanceof SequenceNode || node instanceof MappingNode) {
            return null; // said by notOneValue
        }
        if (value == null) {
            findings.add(missing(row, field, fix));
            return null;
        }
        try {
            Integer number = Integer.valueOf(value.trim());
            if (number < 0) {
                // AristoTelos numbers its states and reasons from 0; a negative one matches no state there
                findings.add(Finding.error("field-negative", row.withField(field),
                        field + " is " + number + ", below 0", fix));
                return null;
            }
            return number;
        } catch (NumberFormatException e) {
            findings.add(Finding.error("field-not-a-number", row.withField(field), field + " is " + OneLine.quoted(value)
                    + (value.trim().matches("\\+?[0-9]{10,}") ? ", larger than " + Integer.MAX_VALUE + ", the largest id the bridge takes"
                    : ", not a whole number"), fix));
            return null;
        }
    }
}
