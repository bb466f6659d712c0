package cz.bridge.mapping;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import cz.bridge.intake.AgentEvent;
import cz.bridge.logging.OneLine;
import org.apache.commons.lang3.StringUtils;

/**
 * The rules a mappings file's rows must keep: the one rule set that the bridge (at start and on
 * every reload, through {@link MappingsReader}), {@code validate} and {@code /actuator/validate}
 * apply. An ERROR makes the bridge refuse the file; a WARNING does not. The rules on the file's
 * form ({@code file-unreadable}, {@code file-not-utf8}, {@code file-too-large}, {@code yaml-invalid},
 * {@code yaml-limit}, {@code duplicate-key}, {@code key-unknown} (a warning beside the sections, an error in a row and for a
 * misspelt externalStates), {@code row-in-wrong-section}, {@code structure}, {@code field-missing}, {@code field-not-one-value}, {@code field-not-a-number}, {@code field-negative}) are the reader's; the comparison with Daktela's pauses is the
 * validator's extra step ({@code cz.bridge.validate.MappingsValidator}).
 *
 * <p>Rules (the {@code rule} of a finding):
 * <ul>
 * <li>{@code mandatory-state}: no Login, Logout or Ready row;</li>
 * <li>{@code code-unknown}: a code other than Login, Logout, Ready, NotReady;</li>
 * <li>{@code reason-code-missing}: a NotReady row without reasonCode;</li>
 * <li>{@code duplicate-row}: two rows with the same code (and, for NotReady, reasonCode);</li>
 * <li>{@code reason-id-duplicate}: two NotReady rows with the same reasonId;</li>
 * <li>{@code reason-id-zero} (warning): a NotReady row with reasonId 0, the id of an unmapped pause;</li>
 * <li>{@code reason-code-comment} (warning, the reader's): a reasonCode followed on its line by a comment (' #'), in a row written over several lines;</li>
 * <li>{@code reason-code-space} (warning): a reasonCode that begins or ends with a space, which only a pause named with that space matches;</li>
 * <li>{@code id-per-code}: rows with the same code but different ids;</li>
 * <li>{@code id-shared}: two codes with the same id;</li>
 * <li>{@code session-reason}: a Login, Logout or Ready row with a reasonId other than 0 or a reasonCode;</li>
 * <li>{@code name-duplicate} (warning): two external states with the same name;</li>
 * <li>{@code name-too-long}: an external state's name longer than 255 characters;</li>
 * <li>{@code reason-code-impossible} (warning): a reasonCode no pause name the bridge takes can have;</li>
 * <li>{@code terminating-state-unknown}: an employee state's terminating state names no external state;</li>
 * <li>{@code employee-state-unnamed} (warning): an employee state without a name;</li>
 * <li>{@code not-ended-by-logout} (warning): an employee state that Logout does not end.</li>
 * </ul>
 */
public final class MappingsRules {

    /** Unknown names a closest name is looked for: the first ones, in the file's order. */
    public static final int MAX_SUGGESTIONS = 50;

    public static final List<String> CODES = List.of(ExternalState.LOGIN, ExternalState.LOGOUT, ExternalState.READY,
            ExternalState.NOT_READY);

    /** The id the setup guide gives NotReady rows. */
    public static final int GUIDE_NOT_READY_ID = 3;

    /** The id the setup guide gives each code. */
    private static final Map<String, Integer> GUIDE_IDS = Map.of(ExternalState.LOGOUT, 0, ExternalState.LOGIN, 1,
            ExternalState.READY, 2, ExternalState.NOT_READY, GUIDE_NOT_READY_ID);

    /** The rows the setup guide lists for the mandatory states. */
    private static final Map<String, String> GUIDE_ROWS = Map.of(
            ExternalState.LOGIN, "{name: Login, id: 1, code: Login, reasonId: 0, reasonCode: null, operatorState: Ready}",
            ExternalState.LOGOUT, "{name: Logout, id: 0, code: Logout, reasonId: 0, reasonCode: null, operatorState: null}",
            ExternalState.READY, "{name: Ready, id: 2, code: Ready, reasonId: 0, reasonCode: null, operatorState: Ready}");

    /** Characters an external state's name may have. */
    static final int MAX_NAME_LENGTH = 255;

    private MappingsRules() {
    }

    /**
     * An external state's row that did not read (its error said why): its name and code, as far as they were written, so
     * that the rules do not report it missing as well, with fixes that would add it a second time.
     */
    public record Unread(String name, String code) {
    }

    /** Every finding of the rules on the rows that read (errors and warnings, in the order of the rules). */
    public static List<Finding> check(List<ExternalState> rows, List<EmployeeState> employeeStates) {
        return check(rows, employeeStates, List.of());
    }

    /** The same, with the rows of the file that did not read. */
    public static List<Finding> check(List<ExternalState> rows, List<EmployeeState> employeeStates, List<Unread> unread) {
        List<Finding> findings = new MappingsReader.Findings();
        checkMandatory(rows, unread, findings);
        checkCodes(rows, findings);
        checkDuplicates(rows, findings);
        checkReasonIds(rows, findings);
        checkIds(rows, findings);
        checkSessionRows(rows, findings);
        checkNames(rows, findings);
        checkEmployeeStates(rows, employeeStates, unread, findings);
        return findings;
    }

    private static void checkMandatory(List<ExternalState> rows, List<Unread> unread, List<Finding> findings) {
        for (String mandatory : List.of(ExternalState.LOGIN, ExternalState.LOGOUT, ExternalState.READY)) {
            if (rows.stream().noneMatch(s -> mandatory.equals(s.code())) && unread.stream().noneMatch(u -> mandatory.equals(u.code()))) {
                findings.add(Finding.error("mandatory-state", Where.section(Where.EXTERNAL_STATES),
                        "externalStates has no row with code " + mandatory + " (Login, Logout and Ready are mandatory)",
                        "add the " + mandatory + " row, as in the setup guide: " + GUIDE_ROWS.get(mandatory)));
            }
        }
    }

    private static void checkCodes(List<ExternalState> rows, List<Finding> findings) {
        for (ExternalState s : rows) {
            if (!CODES.contains(s.code())) {
                String closest = Names.closest(s.code(), CODES);
                findings.add(Finding.error("code-unknown", Where.externalState(s, "code"),
                        "code is " + OneLine.quoted(s.code()) + ", which AristoTelos does not know",
                        closest != null ? "set code to " + closest : "set code to Login, Logout, Ready or NotReady (exactly so spelt)"));
            } else if (ExternalState.NOT_READY.equals(s.code()) && StringUtils.isBlank(s.reasonCode())) {
                findings.add(Finding.error("reason-code-missing", Where.externalState(s, "reasonCode"),
                        "a NotReady row needs the Daktela pause name as its reasonCode",
                        "set reasonCode to the name of the Daktela pause, exactly as Daktela spells it"));
            }
        }
    }

    private static void checkDuplicates(List<ExternalState> rows, List<Finding> findings) {
        Map<String, ExternalState> seen = new HashMap<>();
        for (ExternalState s : rows) {
            boolean notReady = ExternalState.NOT_READY.equals(s.code());
            String impossible = notReady && !StringUtils.isBlank(s.reasonCode()) ? AgentEvent.problem(s.reasonCode(), AgentEvent.MAX_PAUSE_LENGTH) : null;
            if (impossible != null) {
                // the intake refuses such a pause name: the row would match no event, and say nothing of it. A warning, not
                // an error: its events are parked and replayable, where a refused file stops a running bridge's next start
                findings.add(Finding.warning("reason-code-impossible", Where.externalState(s, "reasonCode"),
                        "reasonCode " + OneLine.quoted(OneLine.of(s.reasonCode(), 80)) + " " + impossible
                                + ": no Daktela pause name the bridge takes does, so the row would match no event",
                        "write the Daktela pause's name exactly, on one line and at most " + AgentEvent.MAX_PAUSE_LENGTH
                                + " characters (a YAML block value, '|' or '>', ends with a line break: write it plain or quoted)"));
            } else if (notReady && !StringUtils.isBlank(s.reasonCode()) && !s.reasonCode().equals(AgentEvent.withoutBlankEnds(s.reasonCode()))) {
                // the row is matched exactly, space and all: a space typed by mistake leaves the pause unmapped
                findings.add(Finding.warning("reason-code-space", Where.externalState(s, "reasonCode"),
                        "reasonCode " + OneLine.quoted(s.reasonCode()) + " begins or ends with a space: it matches only a pause "
                                + "named with that space, and events of pause " + OneLine.quoted(AgentEvent.withoutBlankEnds(s.reasonCode()))
                                + " would be parked as unmapped",
                        "write it without the space: " + OneLine.quoted(AgentEvent.withoutBlankEnds(s.reasonCode())) + ", unless Daktela's pause is "
                                + "named with it (validate --daktela compares the table with Daktela's pauses)"));
            }
            if (notReady && StringUtils.isBlank(s.reasonCode())) {
                continue;
            }
            ExternalState earlier = seen.putIfAbsent(s.code() + "/" + (notReady ? s.reasonCode() : ""), s);
            if (earlier != null) {
                findings.add(Finding.error("duplicate-row", Where.externalState(s, notReady ? "reasonCode" : "code"),
                        "repeats code " + s.code() + (notReady ? " with reasonCode " + OneLine.quoted(s.reasonCode()) : "")
                                + " of row " + OneLine.quoted(earlier.name()) + " on line " + earlier.line()
                                + ": one Daktela " + (notReady ? "pause" : "event") + " can map to one row only",
                        "keep one of the two rows"));
            }
        }
    }

    private static void checkReasonIds(List<ExternalState> rows, List<Finding> findings) {
        List<ExternalState> notReady = rows.stream().filter(s -> ExternalState.NOT_READY.equals(s.code())).toList();
        int next = nextReasonId(notReady);
        Map<Integer, ExternalState> seen = new HashMap<>();
        for (ExternalState s : notReady) {
            if (s.reasonId() == 0) {
                // a row without the key reads as 0: said, as the row shows no 0 to find
                findings.add(Finding.warning("reason-id-zero", Where.externalState(s, "reasonId"),
                        (s.fieldLines().isEmpty() || s.fieldLines().containsKey("reasonId") ? "" : "the row has no reasonId, read as 0: ")
                                + "reasonId 0 is the reason id an unmapped pause is sent with (bridge.unmapped-pause=send-reason-zero), "
                                + "so AristoTelos cannot tell this pause from an unknown one",
                        "set reasonId to the reason id (Id důvodu) AristoTelos shows for this external state (e.g. " + next++ + ")"));
                continue;
            }
            ExternalState earlier = seen.putIfAbsent(s.reasonId(), s);
            if (earlier != null) {
                findings.add(Finding.error("reason-id-duplicate", Where.externalState(s, "reasonId"),
                        "reasonId " + s.reasonId() + " is also the reasonId of NotReady row " + OneLine.quoted(earlier.name())
                                + " on line " + earlier.line() + ": AristoTelos tells pauses apart by their reason id",
                        "set reasonId to the reason id (Id důvodu) AristoTelos shows for this external state; no other NotReady row may use it (free: "
                                + next++ + ")"));
            }
        }
    }

    private static void checkIds(List<ExternalState> rows, List<Finding> findings) {
        Map<String, List<ExternalState>> byCode = rows.stream().filter(s -> CODES.contains(s.code()))
                .collect(Collectors.groupingBy(ExternalState::code, LinkedHashMap::new, Collectors.toList()));
        Set<ExternalState> flagged = new HashSet<>();
        Map<String, Integer> idOfCode = new LinkedHashMap<>();
        for (Map.Entry<String, List<ExternalState>> group : byCode.entrySet()) {
            int id = majorityId(group.getValue());
            idOfCode.put(group.getKey(), id);
            for (ExternalState s : group.getValue()) {
                if (s.id() != id) {
                    flagged.add(s);
                    findings.add(Finding.error("id-per-code", Where.externalState(s, "id"),
                            "id is " + s.id() + " but the other " + group.getKey() + " rows have id " + id
                                    + ": every " + group.getKey() + " row has the same id",
                            "set id to " + id));
                }
            }
        }
        Map<Integer, String> codeOfId = new HashMap<>();
        Set<String> reported = new HashSet<>();
        for (ExternalState s : rows) {
            if (!CODES.contains(s.code()) || flagged.contains(s)) {
                continue;
            }
            String owner = codeOfId.putIfAbsent(s.id(), s.code());
            if (owner != null && !owner.equals(s.code()) && reported.add(s.code() + "/" + s.id())) {
                ExternalState ownerRow = byCode.get(owner).stream().filter(o -> o.id() == s.id()).findFirst().orElseThrow();
                Integer guide = GUIDE_IDS.get(s.code());
                boolean guideFree = guide != null && !idOfCode.containsValue(guide);
                findings.add(Finding.error("id-shared", Where.externalState(s, "id"),
                        "id " + s.id() + " is also the id of code " + owner + " (row " + OneLine.quoted(ownerRow.name())
                                + " on line " + ownerRow.line() + "): each code has its own id",
                        guideFree ? "set id to " + guide + " (the setup guide's id for " + s.code() + ") on every " + s.code() + " row"
                                : "set id to the Id AristoTelos shows for " + s.code() + " on every " + s.code() + " row"));
            }
        }
    }

    private static void checkSessionRows(List<ExternalState> rows, List<Finding> findings) {
        for (ExternalState s : rows) {
            if (!CODES.contains(s.code()) || ExternalState.NOT_READY.equals(s.code())) {
                continue;
            }
            if (s.reasonId() != 0) {
                findings.add(Finding.error("session-reason", Where.externalState(s, "reasonId"),
                        "reasonId is " + s.reasonId() + ", but a " + s.code() + " row must have 0 (the bridge sends 0 for " + s.code() + ")",
                        "set reasonId to 0"));
            }
            if (!StringUtils.isBlank(s.reasonCode())) {
                findings.add(Finding.error("session-reason", Where.externalState(s, "reasonCode"),
                        "reasonCode is " + OneLine.quoted(s.reasonCode()) + ", but a " + s.code()
                                + " row must have none (the bridge sends null for " + s.code() + ")",
                        "set reasonCode to null (or leave it out)"));
            }
        }
    }

    private static void checkNames(List<ExternalState> rows, List<Finding> findings) {
        Map<String, ExternalState> seen = new HashMap<>();
        for (ExternalState s : rows) {
            if (s.name() == null) {
                continue;
            }
            if (s.name().length() > MAX_NAME_LENGTH) {
                // the name is a tag of the delivery metrics and a field of every "Delivered event" line of its state
                findings.add(Finding.error("name-too-long", Where.externalState(s, "name"),
                        "the name is " + s.name().length() + " characters long, more than the " + MAX_NAME_LENGTH
                                + " an external state's name may have (it goes into every log line and metric of its state)",
                        "write the name AristoTelos shows for the external state, at most " + MAX_NAME_LENGTH + " characters"));
            }
            ExternalState earlier = seen.putIfAbsent(s.name(), s);
            if (earlier != null) {
                findings.add(Finding.warning("name-duplicate", Where.externalState(s, "name"),
                        "the name " + OneLine.quoted(s.name()) + " is also the name of the row on line "
                                + earlier.line() + ": terminating states name external states by their names",
                        "give each external state its own name, the one AristoTelos shows for it"));
            }
        }
    }

    private static void checkEmployeeStates(List<ExternalState> rows, List<EmployeeState> employeeStates, List<Unread> unread,
            List<Finding> findings) {
        Set<String> names = rows.stream().map(ExternalState::name).filter(Objects::nonNull)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> unreadNames = unread.stream().map(Unread::name).filter(Objects::nonNull).collect(Collectors.toSet());
        List<String> logoutNames = Stream.concat(rows.stream().filter(s -> ExternalState.LOGOUT.equals(s.code())).map(ExternalState::name),
                unread.stream().filter(u -> ExternalState.LOGOUT.equals(u.code())).map(Unread::name)).filter(Objects::nonNull).toList();
        // each suggestion compares the name with every row's: for all of thousands of unknown names (a generated or
        // wrong file of a few hundred KB) that took minutes, at the start, the reload and validate alike
        int suggestionsLeft = MAX_SUGGESTIONS;
        for (EmployeeState e : employeeStates) {
            if (StringUtils.isBlank(e.name())) {
                findings.add(Finding.warning("employee-state-unnamed", Where.employeeState(e, "name"),
                        "the employee state has no name", "set name to the employee state's name in AristoTelos"));
            }
            for (String terminating : e.terminatingStates()) {
                if (StringUtils.isBlank(terminating)) {
                    findings.add(Finding.error("terminating-state-unknown", Where.employeeState(e, "terminatingStates"),
                            "terminatingStates has an empty entry", "remove the empty entry or write the name of an external state"));
                } else if (!names.contains(terminating) && !unreadNames.contains(terminating)) {
                    String closest = suggestionsLeft-- > 0 ? Names.closest(terminating, names) : null;
                    findings.add(Finding.error("terminating-state-unknown", Where.employeeState(e, "terminatingStates"),
                            "terminatingStates names " + OneLine.quoted(terminating) + ", which is no external state",
                            closest != null ? "write " + OneLine.quoted(closest) + " (the external state's exact name)"
                                    : "write the name of an external state (" + Names.list(names, 12)
                                    + ") or add an external state with that name"));
                }
            }
            if (!logoutNames.isEmpty() && logoutNames.stream().noneMatch(e.terminatingStates()::contains)) {
                findings.add(Finding.warning("not-ended-by-logout", Where.employeeState(e, "terminatingStates"),
                        "employee state " + OneLine.quoted(e.name()) + " cannot be ended by Logout: after an agent logs out of "
                                + "Daktela it stays open in AristoTelos",
                        "add " + OneLine.quoted(logoutNames.get(0)) + " to its terminatingStates (in AristoTelos too)"));
            }
        }
    }

    /** The id most rows of the group have; on a tie, the first row's. */
    public static int majorityId(List<ExternalState> group) {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        group.forEach(s -> counts.merge(s.id(), 1, Integer::sum));
        int best = group.get(0).id();
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            if (e.getValue() > counts.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    /** One more than the highest reasonId of the NotReady rows: a reason id no row uses. */
    public static int nextReasonId(Collection<ExternalState> notReady) {
        return 1 + notReady.stream().mapToInt(ExternalState::reasonId).max().orElse(0);
    }
}
