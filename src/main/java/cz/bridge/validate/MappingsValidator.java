package cz.bridge.validate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cz.bridge.mapping.EmployeeState;
import cz.bridge.mapping.ExternalState;
import cz.bridge.mapping.Finding;
import cz.bridge.mapping.Mappings;
import cz.bridge.mapping.MappingsInvalid;
import cz.bridge.mapping.MappingsReader;
import cz.bridge.mapping.Names;
import cz.bridge.mapping.Where;
import cz.bridge.validate.MappingsTable.Row;

/**
 * Checks a mappings file beyond what {@link MappingsReader} enforces, and optionally against
 * Daktela's pauses. The reader's own problems are reported as ERROR findings; when the reader
 * refuses the file, the validator's remaining checks still run on the rows that can be read, so
 * that one run lists everything there is to fix.
 *
 * <p>Rules (the {@code rule} of a finding):
 * <ul>
 * <li>{@code reader}: a problem {@link MappingsReader} reports (the bridge would not start or reload);</li>
 * <li>{@code mandatory-state}: no Login, Logout or Ready row;</li>
 * <li>{@code code-unknown}: a code other than Login, Logout, Ready, NotReady;</li>
 * <li>{@code reason-code-missing}: a NotReady row without reasonCode;</li>
 * <li>{@code duplicate-row}: two rows with the same code (and, for NotReady, reasonCode);</li>
 * <li>{@code reason-id-duplicate}: two NotReady rows with the same reasonId;</li>
 * <li>{@code reason-id-zero} (warning): a NotReady row with reasonId 0, the id of an unmapped pause;</li>
 * <li>{@code id-per-code}: rows with the same code but different ids;</li>
 * <li>{@code id-shared}: two codes with the same id;</li>
 * <li>{@code session-reason}: a Login, Logout or Ready row with a reasonId other than 0 or a reasonCode;</li>
 * <li>{@code name-duplicate} (warning): two external states with the same name;</li>
 * <li>{@code terminating-state-unknown}: an employee state's terminating state names no external state;</li>
 * <li>{@code employee-state-unnamed} (warning): an employee state without a name;</li>
 * <li>{@code not-ended-by-logout} (warning): an employee state that Logout does not end;</li>
 * <li>{@code pause-without-row}: a Daktela pause with no NotReady row;</li>
 * <li>{@code pause-near-miss}: a reasonCode that differs from a Daktela pause name only in case, diacritics or white space;</li>
 * <li>{@code pause-title-used}: a reasonCode that is a Daktela pause's title rather than its name;</li>
 * <li>{@code row-without-pause}: a NotReady row whose reasonCode is no Daktela pause name.</li>
 * </ul>
 */
public class MappingsValidator {

    /** The rules {@link MappingsReader} enforces itself: reported through its problems when it refuses a file. */
    private static final Set<String> READER_RULES = Set.of("mandatory-state", "code-unknown", "reason-code-missing",
            "duplicate-row");

    private static final List<String> CODES = List.of(ExternalState.LOGIN, ExternalState.LOGOUT, ExternalState.READY,
            ExternalState.NOT_READY);

    /** The rows the setup guide lists for the mandatory states. */
    private static final Map<String, String> GUIDE_ROWS = Map.of(
            ExternalState.LOGIN, "{name: Login, id: 1, code: Login, reasonId: 0, reasonCode: null, operatorState: Ready}",
            ExternalState.LOGOUT, "{name: Logout, id: 0, code: Logout, reasonId: 0, reasonCode: null, operatorState: null}",
            ExternalState.READY, "{name: Ready, id: 2, code: Ready, reasonId: 0, reasonCode: null, operatorState: Ready}");

    private static final int GUIDE_NOT_READY_ID = 3;

    private static final Pattern ROW_PROBLEM = Pattern.compile("line (\\d+), externalStates row (\\d+)(?: \\((.*?)\\))?: (.*)", Pattern.DOTALL);
    private static final Pattern LINE_PROBLEM = Pattern.compile("line (\\d+): (.*)", Pattern.DOTALL);
    private static final Pattern FIELD = Pattern.compile("field (\\w+) ");
    private static final Pattern MISSING_CODE = Pattern.compile(".*has no row with code (\\w+).*", Pattern.DOTALL);
    private static final Pattern WRONG_CODE = Pattern.compile("field code is '(.*)':.*", Pattern.DOTALL);
    private static final Pattern NOT_A_NUMBER = Pattern.compile("field (\\w+) is (?:missing|'.*'): it must be a whole number", Pattern.DOTALL);
    private static final Pattern ADVICE_TAIL = Pattern.compile(": (use |keep |a NotReady row needs |copy ).*$", Pattern.DOTALL);

    private final MappingsReader reader = new MappingsReader();

    /** Validates the file as it is on disk. */
    public ValidationReport validate(Path file) {
        return validate(file, null);
    }

    /**
     * Validates the file and, when {@code daktela} is not null, compares its NotReady rows with
     * Daktela's pauses. A Daktela that cannot be read makes the report incomplete (it does not throw).
     */
    public ValidationReport validate(Path file, DaktelaPauses daktela) {
        List<Finding> findings = new ArrayList<>();
        MappingsTable table = read(file, findings);
        ValidationReport.DaktelaCheck check = null;
        if (daktela != null) {
            if (table == null) {
                check = new ValidationReport.DaktelaCheck(daktela.url(), null,
                        "no row of " + file.getFileName() + " could be read, so there is nothing to compare; fix the file first");
            } else {
                try {
                    List<DaktelaPause> pauses = daktela.fetchAll();
                    findings.addAll(compare(table, pauses));
                    check = new ValidationReport.DaktelaCheck(daktela.url(), pauses.size(), null);
                } catch (DaktelaCheckFailed e) {
                    check = new ValidationReport.DaktelaCheck(daktela.url(), null, e.getMessage());
                }
            }
        }
        return new ValidationReport(file, findings, check);
    }

    /** The validator's checks on mappings the reader accepted. */
    public List<Finding> check(Mappings mappings) {
        return check(MappingsTable.of(mappings));
    }

    /** The comparison of accepted mappings with Daktela's pauses. */
    public List<Finding> compare(Mappings mappings, List<DaktelaPause> pauses) {
        return compare(MappingsTable.of(mappings), pauses);
    }

    // --- reading

    /** The file's rows (null when none can be read); the reader's problems go to findings. */
    private MappingsTable read(Path file, List<Finding> findings) {
        if (!Files.isRegularFile(file)) {
            findings.add(Finding.error("reader", new Where(null, null, null, null, null),
                    "the file " + file.toAbsolutePath().normalize() + " does not exist",
                    "copy the default mappings.yaml there or set MAPPINGS_FILE to the file's path"));
            return null;
        }
        MappingsReader.Contents contents;
        try {
            contents = reader.readContents(file);
        } catch (MappingsInvalid e) {
            e.problems().forEach(problem -> findings.add(readerFinding(problem)));
            return null;
        }
        MappingsTable table = MappingsTable.of(contents);
        contents.problems().forEach(problem -> findings.add(readerFinding(problem)));
        // what the reader already reported is not reported twice
        check(table).stream().filter(f -> contents.problems().isEmpty() || !READER_RULES.contains(f.rule()))
                .forEach(findings::add);
        return table;
    }

    private static Finding readerFinding(String problem) {
        Where where;
        String message;
        Matcher row = ROW_PROBLEM.matcher(problem);
        Matcher line = LINE_PROBLEM.matcher(problem);
        if (row.matches()) {
            message = row.group(4);
            Matcher field = FIELD.matcher(message);
            where = new Where(Integer.valueOf(row.group(1)), Where.EXTERNAL_STATES, Integer.valueOf(row.group(2)),
                    row.group(3), field.lookingAt() ? field.group(1) : message.startsWith("repeats code") ? "code" : null);
        } else if (line.matches()) {
            message = line.group(2);
            where = new Where(Integer.valueOf(line.group(1)), null, null, null, null);
        } else {
            message = problem;
            where = new Where(null, problem.startsWith("externalStates") ? Where.EXTERNAL_STATES : null, null, null, null);
        }
        String fix = readerFix(message);
        Matcher tail = ADVICE_TAIL.matcher(message);
        return Finding.error("reader", where, tail.find() ? message.substring(0, tail.start()) : message, fix);
    }

    private static String readerFix(String message) {
        Matcher m;
        if ((m = MISSING_CODE.matcher(message)).matches() && GUIDE_ROWS.containsKey(m.group(1))) {
            return "add the " + m.group(1) + " row to externalStates, as in the setup guide: " + GUIDE_ROWS.get(m.group(1));
        }
        if ((m = WRONG_CODE.matcher(message)).matches()) {
            String closest = Names.closest(m.group(1), CODES);
            return closest != null ? "set code to " + closest
                    : "set code to Login, Logout, Ready or NotReady (exactly so spelt)";
        }
        if ((m = NOT_A_NUMBER.matcher(message)).matches()) {
            return "set " + m.group(1) + " to the whole number AristoTelos shows for this external state";
        }
        if (message.startsWith("field reasonCode is missing")) {
            return "set reasonCode to the name of the Daktela pause, exactly as Daktela spells it";
        }
        if (message.startsWith("field name is missing")) {
            return "set name to the external state's name in AristoTelos";
        }
        if (message.startsWith("field code is missing")) {
            return "set code to Login, Logout, Ready or NotReady";
        }
        if (message.startsWith("repeats code")) {
            return "keep one of the two rows (or give this one the reasonCode of the pause it stands for)";
        }
        if (message.startsWith("not valid YAML")) {
            return "correct the YAML at that line: keep the indentation of the other rows and quote values "
                    + "that contain ':', '#' or start with a special character";
        }
        if (message.startsWith("externalStates is missing") || message.startsWith("the file must hold a map")) {
            return "list the external states under the key externalStates, as the default mappings.yaml does";
        }
        if (message.contains("employeeStates must be a list") || message.contains("an employee state must be a map")) {
            return "write each employee state as {name: ..., abbreviation: ..., terminatingStates: [...]}, as the default mappings.yaml does";
        }
        if (message.startsWith("cannot read the file")) {
            return "check the path and that the bridge may read the file";
        }
        if (message.startsWith("is not a map")) {
            return "write the row as {name: ..., id: ..., code: ..., reasonId: ..., reasonCode: ..., operatorState: ...}";
        }
        int colon = message.lastIndexOf(": ");
        return colon > 0 ? message.substring(colon + 2) : "see the message";
    }

    // --- the checks

    List<Finding> check(MappingsTable table) {
        List<Finding> findings = new ArrayList<>();
        List<Row<ExternalState>> rows = table.externalStates();
        checkMandatory(rows, findings);
        checkCodes(rows, findings);
        checkDuplicates(rows, findings);
        checkReasonIds(rows, findings);
        checkIds(rows, findings);
        checkSessionRows(rows, findings);
        checkNames(rows, findings);
        checkEmployeeStates(table, findings);
        return findings;
    }

    private static void checkMandatory(List<Row<ExternalState>> rows, List<Finding> findings) {
        for (String mandatory : List.of(ExternalState.LOGIN, ExternalState.LOGOUT, ExternalState.READY)) {
            if (rows.stream().noneMatch(r -> mandatory.equals(r.state().code()))) {
                findings.add(Finding.error("mandatory-state", Where.section(Where.EXTERNAL_STATES),
                        "externalStates has no row with code " + mandatory + " (Login, Logout and Ready are mandatory)",
                        "add the " + mandatory + " row, as in the setup guide: " + GUIDE_ROWS.get(mandatory)));
            }
        }
    }

    private static void checkCodes(List<Row<ExternalState>> rows, List<Finding> findings) {
        for (Row<ExternalState> r : rows) {
            ExternalState s = r.state();
            if (!CODES.contains(s.code())) {
                String closest = Names.closest(s.code(), CODES);
                findings.add(Finding.error("code-unknown", Where.externalState(s, r.number(), "code"),
                        "code is " + Names.quote(s.code()) + ", which AristoTelos does not know",
                        closest != null ? "set code to " + closest : "set code to Login, Logout, Ready or NotReady (exactly so spelt)"));
            } else if (ExternalState.NOT_READY.equals(s.code()) && blank(s.reasonCode())) {
                findings.add(Finding.error("reason-code-missing", Where.externalState(s, r.number(), "reasonCode"),
                        "a NotReady row needs the Daktela pause name as its reasonCode",
                        "set reasonCode to the name of the Daktela pause, exactly as Daktela spells it"));
            }
        }
    }

    private static void checkDuplicates(List<Row<ExternalState>> rows, List<Finding> findings) {
        Map<String, Row<ExternalState>> seen = new HashMap<>();
        for (Row<ExternalState> r : rows) {
            ExternalState s = r.state();
            boolean notReady = ExternalState.NOT_READY.equals(s.code());
            if (notReady && blank(s.reasonCode())) {
                continue;
            }
            Row<ExternalState> earlier = seen.putIfAbsent(s.code() + "/" + (notReady ? s.reasonCode() : ""), r);
            if (earlier != null) {
                findings.add(Finding.error("duplicate-row", Where.externalState(s, r.number(), notReady ? "reasonCode" : "code"),
                        "repeats code " + s.code() + (notReady ? " with reasonCode " + Names.quote(s.reasonCode()) : "")
                                + " of row " + Names.quote(earlier.state().name()) + " on line " + earlier.state().line()
                                + ": one Daktela " + (notReady ? "pause" : "event") + " can map to one row only",
                        "keep one of the two rows"));
            }
        }
    }

    private static void checkReasonIds(List<Row<ExternalState>> rows, List<Finding> findings) {
        List<Row<ExternalState>> notReady = rows.stream()
                .filter(r -> ExternalState.NOT_READY.equals(r.state().code())).toList();
        int next = nextReasonId(notReady);
        Map<Integer, Row<ExternalState>> seen = new HashMap<>();
        for (Row<ExternalState> r : notReady) {
            ExternalState s = r.state();
            if (s.reasonId() == 0) {
                findings.add(Finding.warning("reason-id-zero", Where.externalState(s, r.number(), "reasonId"),
                        "reasonId 0 is the reason id an unmapped pause is sent with (bridge.unmapped-pause=send-reason-zero), "
                                + "so AristoTelos cannot tell this pause from an unknown one",
                        "set reasonId to the reason id (Id důvodu) AristoTelos shows for this external state (e.g. " + next++ + ")"));
                continue;
            }
            Row<ExternalState> earlier = seen.putIfAbsent(s.reasonId(), r);
            if (earlier != null) {
                findings.add(Finding.error("reason-id-duplicate", Where.externalState(s, r.number(), "reasonId"),
                        "reasonId " + s.reasonId() + " is also the reasonId of NotReady row " + Names.quote(earlier.state().name())
                                + " on line " + earlier.state().line() + ": AristoTelos tells pauses apart by their reason id",
                        "set reasonId to the reason id (Id důvodu) AristoTelos shows for this external state; no other NotReady row may use it (free: "
                                + next++ + ")"));
            }
        }
    }

    private static void checkIds(List<Row<ExternalState>> rows, List<Finding> findings) {
        Map<String, List<Row<ExternalState>>> byCode = new LinkedHashMap<>();
        for (Row<ExternalState> r : rows) {
            if (CODES.contains(r.state().code())) {
                byCode.computeIfAbsent(r.state().code(), c -> new ArrayList<>()).add(r);
            }
        }
        Set<Row<ExternalState>> flagged = new HashSet<>();
        Map<String, Integer> idOfCode = new LinkedHashMap<>();
        for (Map.Entry<String, List<Row<ExternalState>>> group : byCode.entrySet()) {
            int id = majorityId(group.getValue());
            idOfCode.put(group.getKey(), id);
            for (Row<ExternalState> r : group.getValue()) {
                if (r.state().id() != id) {
                    flagged.add(r);
                    findings.add(Finding.error("id-per-code", Where.externalState(r.state(), r.number(), "id"),
                            "id is " + r.state().id() + " but the other " + group.getKey() + " rows have id " + id
                                    + ": every " + group.getKey() + " row has the same id",
                            "set id to " + id));
                }
            }
        }
        Map<Integer, String> codeOfId = new HashMap<>();
        Set<String> reported = new HashSet<>();
        for (Row<ExternalState> r : rows) {
            ExternalState s = r.state();
            if (!CODES.contains(s.code()) || flagged.contains(r)) {
                continue;
            }
            String owner = codeOfId.putIfAbsent(s.id(), s.code());
            if (owner != null && !owner.equals(s.code()) && reported.add(s.code() + "/" + s.id())) {
                Row<ExternalState> ownerRow = byCode.get(owner).stream().filter(o -> o.state().id() == s.id()).findFirst().orElseThrow();
                Integer guide = guideId(s.code());
                boolean guideFree = guide != null && !idOfCode.containsValue(guide);
                findings.add(Finding.error("id-shared", Where.externalState(s, r.number(), "id"),
                        "id " + s.id() + " is also the id of code " + owner + " (row " + Names.quote(ownerRow.state().name())
                                + " on line " + ownerRow.state().line() + "): each code has its own id",
                        guideFree ? "set id to " + guide + " (the setup guide's id for " + s.code() + ") on every " + s.code() + " row"
                                : "set id to the Id AristoTelos shows for " + s.code() + " on every " + s.code() + " row"));
            }
        }
    }

    private static void checkSessionRows(List<Row<ExternalState>> rows, List<Finding> findings) {
        for (Row<ExternalState> r : rows) {
            ExternalState s = r.state();
            if (!CODES.contains(s.code()) || ExternalState.NOT_READY.equals(s.code())) {
                continue;
            }
            if (s.reasonId() != 0) {
                findings.add(Finding.error("session-reason", Where.externalState(s, r.number(), "reasonId"),
                        "a " + s.code() + " row has reasonId 0 (the bridge sends 0 for " + s.code() + "), not " + s.reasonId(),
                        "set reasonId to 0"));
            }
            if (!blank(s.reasonCode())) {
                findings.add(Finding.error("session-reason", Where.externalState(s, r.number(), "reasonCode"),
                        "a " + s.code() + " row has no reasonCode (the bridge sends null for " + s.code() + "), not "
                                + Names.quote(s.reasonCode()),
                        "set reasonCode to null (or leave it out)"));
            }
        }
    }

    private static void checkNames(List<Row<ExternalState>> rows, List<Finding> findings) {
        Map<String, Row<ExternalState>> seen = new HashMap<>();
        for (Row<ExternalState> r : rows) {
            if (r.state().name() == null) {
                continue;
            }
            Row<ExternalState> earlier = seen.putIfAbsent(r.state().name(), r);
            if (earlier != null) {
                findings.add(Finding.warning("name-duplicate", Where.externalState(r.state(), r.number(), "name"),
                        "the name " + Names.quote(r.state().name()) + " is also the name of the row on line "
                                + earlier.state().line() + ": terminating states name external states by their names",
                        "give each external state its own name, the one AristoTelos shows for it"));
            }
        }
    }

    private static void checkEmployeeStates(MappingsTable table, List<Finding> findings) {
        Set<String> names = new LinkedHashSet<>();
        table.externalStates().forEach(r -> {
            if (r.state().name() != null) {
                names.add(r.state().name());
            }
        });
        List<String> logoutNames = table.externalStates().stream()
                .filter(r -> ExternalState.LOGOUT.equals(r.state().code()) && r.state().name() != null)
                .map(r -> r.state().name()).toList();
        for (Row<EmployeeState> r : table.employeeStates()) {
            EmployeeState e = r.state();
            if (blank(e.name())) {
                findings.add(Finding.warning("employee-state-unnamed", Where.employeeState(e, r.number(), "name"),
                        "the employee state has no name", "set name to the employee state's name in AristoTelos"));
            }
            for (String terminating : e.terminatingStates()) {
                if (blank(terminating)) {
                    findings.add(Finding.error("terminating-state-unknown", Where.employeeState(e, r.number(), "terminatingStates"),
                            "terminatingStates has an empty entry", "remove the empty entry or write the name of an external state"));
                } else if (!names.contains(terminating)) {
                    String closest = Names.closest(terminating, names);
                    findings.add(Finding.error("terminating-state-unknown", Where.employeeState(e, r.number(), "terminatingStates"),
                            "terminatingStates names " + Names.quote(terminating) + ", which is no external state",
                            closest != null ? "write " + Names.quote(closest) + " (the external state's exact name)"
                                    : "write the name of an external state (" + Names.list(names, 12)
                                    + ") or add an external state with that name"));
                }
            }
            if (!logoutNames.isEmpty() && logoutNames.stream().noneMatch(e.terminatingStates()::contains)) {
                findings.add(Finding.warning("not-ended-by-logout", Where.employeeState(e, r.number(), "terminatingStates"),
                        "employee state " + Names.quote(e.name()) + " cannot be ended by Logout: after an agent logs out of "
                                + "Daktela it stays open in AristoTelos",
                        "add " + Names.quote(logoutNames.get(0)) + " to its terminatingStates (in AristoTelos too)"));
            }
        }
    }

    // --- the comparison with Daktela

    List<Finding> compare(MappingsTable table, List<DaktelaPause> pauses) {
        List<Finding> findings = new ArrayList<>();
        List<Row<ExternalState>> rows = new ArrayList<>(table.externalStates().stream()
                .filter(r -> ExternalState.NOT_READY.equals(r.state().code()) && !blank(r.state().reasonCode())).toList());
        List<DaktelaPause> unmatched = new ArrayList<>(pauses.stream().filter(p -> p.name() != null).toList());

        // exact matches: nothing to report
        Set<String> names = new HashSet<>();
        unmatched.forEach(p -> names.add(p.name()));
        Set<String> matchedNames = new HashSet<>();
        rows.removeIf(r -> {
            if (names.contains(r.state().reasonCode())) {
                matchedNames.add(r.state().reasonCode());
                return true;
            }
            return false;
        });
        unmatched.removeIf(p -> matchedNames.contains(p.name()));

        // near misses: case, diacritics, white space
        for (var it = rows.iterator(); it.hasNext(); ) {
            Row<ExternalState> r = it.next();
            String code = r.state().reasonCode();
            DaktelaPause pause = unmatched.stream().filter(p -> Names.nearMiss(code, p.name())).findFirst().orElse(null);
            if (pause != null) {
                it.remove();
                unmatched.remove(pause);
                findings.add(Finding.error("pause-near-miss", Where.externalState(r.state(), r.number(), "reasonCode"),
                        "reasonCode " + Names.quote(code) + " differs from the Daktela pause name " + Names.quote(pause.name())
                                + " in " + Names.differences(code, pause.name()) + "; the setup guide demands an exact match, "
                                + "so this pause's events would be parked",
                        "set reasonCode to " + Names.quote(pause.name())));
            }
        }

        // a pause's title used instead of its name
        for (var it = rows.iterator(); it.hasNext(); ) {
            Row<ExternalState> r = it.next();
            String code = r.state().reasonCode();
            DaktelaPause pause = unmatched.stream()
                    .filter(p -> p.title() != null && Names.loose(p.title()).equals(Names.loose(code))).findFirst().orElse(null);
            if (pause != null) {
                it.remove();
                unmatched.remove(pause);
                findings.add(Finding.error("pause-title-used", Where.externalState(r.state(), r.number(), "reasonCode"),
                        "reasonCode " + Names.quote(code) + " is the title of the Daktela pause " + Names.quote(pause.name())
                                + "; the callback sends the pause's name, not its title",
                        "set reasonCode to " + Names.quote(pause.name())));
            }
        }

        List<String> unmatchedNames = unmatched.stream().map(DaktelaPause::name).toList();
        for (Row<ExternalState> r : rows) {
            String code = r.state().reasonCode();
            String closest = Names.closest(code, unmatchedNames);
            findings.add(Finding.error("row-without-pause", Where.externalState(r.state(), r.number(), "reasonCode"),
                    "reasonCode " + Names.quote(code) + " is the name of no Daktela pause",
                    closest != null ? "set reasonCode to " + Names.quote(closest) + " if that is the pause this row stands for;"
                            + " otherwise create the pause in Daktela or remove the row"
                            : "create the pause " + Names.quote(code) + " in Daktela, set reasonCode to the exact name of an existing pause"
                            + (unmatchedNames.isEmpty() ? "" : " (pauses without a row: " + Names.list(unmatchedNames, 5) + ")")
                            + ", or remove the row"));
        }

        List<Row<ExternalState>> notReady = table.externalStates().stream()
                .filter(r -> ExternalState.NOT_READY.equals(r.state().code())).toList();
        int id = notReady.isEmpty() ? GUIDE_NOT_READY_ID : majorityId(notReady);
        int nextReasonId = nextReasonId(notReady);
        for (DaktelaPause pause : unmatched) {
            String name = pause.title() == null || pause.title().isBlank() ? pause.name() : pause.title();
            findings.add(Finding.error("pause-without-row", Where.daktelaPause(pause.name()),
                    "the Daktela pause " + Names.quote(pause.name())
                            + (pause.title() == null || pause.title().equals(pause.name()) ? "" : " (" + pause.title() + ")")
                            + " has no NotReady row: its unready events would be parked",
                    "add the external state in AristoTelos and this row to externalStates (with AristoTelos's reason id): {name: "
                            + Names.yaml(name) + ", id: " + id + ", code: NotReady, reasonId: " + nextReasonId++ + ", reasonCode: "
                            + Names.yaml(pause.name()) + ", operatorState: null}"));
        }
        return findings;
    }

    // --- helpers

    /** The id most rows of the group have; on a tie, the first row's. */
    private static int majorityId(List<Row<ExternalState>> group) {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        group.forEach(r -> counts.merge(r.state().id(), 1, Integer::sum));
        int best = group.get(0).state().id();
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            if (e.getValue() > counts.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    private static int nextReasonId(Collection<Row<ExternalState>> notReady) {
        return 1 + notReady.stream().mapToInt(r -> r.state().reasonId()).max().orElse(0);
    }

    private static Integer guideId(String code) {
        return switch (code) {
            case ExternalState.LOGOUT -> 0;
            case ExternalState.LOGIN -> 1;
            case ExternalState.READY -> 2;
            case ExternalState.NOT_READY -> GUIDE_NOT_READY_ID;
            default -> null;
        };
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
