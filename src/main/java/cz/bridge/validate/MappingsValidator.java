package cz.bridge.validate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collectors;

import cz.bridge.logging.OneLine;
import cz.bridge.mapping.ExternalState;
import cz.bridge.mapping.Finding;
import cz.bridge.mapping.MappingsReader;
import cz.bridge.mapping.MappingsRules;
import cz.bridge.mapping.Names;
import cz.bridge.mapping.Where;
import cz.bridge.daktela.DaktelaClient;
import org.apache.commons.lang3.StringUtils;

/**
 * Validates a mappings file: the findings of {@link MappingsReader}, which applies the rules the
 * bridge applies at start and on reload ({@link MappingsRules}), and optionally, as an extra step,
 * the comparison of its NotReady rows with Daktela's pauses. The rules run on the rows that read
 * even when others do not, so that one run lists everything there is to fix.
 *
 * <p>The comparison's rules (the {@code rule} of a finding):
 * <ul>
 * <li>{@code pause-without-row}: a Daktela pause with no NotReady row;</li>
 * <li>{@code pause-near-miss}: a reasonCode that differs from a Daktela pause name only in case, diacritics or white space;</li>
 * <li>{@code pause-title-used}: a reasonCode that is a Daktela pause's title rather than its name;</li>
 * <li>{@code row-without-pause}: a NotReady row whose reasonCode is no Daktela pause name.</li>
 * </ul>
 */
public class MappingsValidator {

    private final MappingsReader reader = new MappingsReader();

    public ValidationReport validate(Path file) {
        return validate(file, null);
    }

    /**
     * Validates the file and, when {@code daktela} is not null, compares its NotReady rows with
     * Daktela's pauses. A Daktela that cannot be read makes the report incomplete (it does not throw).
     */
    public ValidationReport validate(Path file, DaktelaClient daktela) {
        MappingsReader.Contents contents = reader.read(file);
        List<Finding> findings = new ArrayList<>(contents.findings());
        ValidationReport.DaktelaCheck check = null;
        if (daktela != null) {
            if (!contents.parsed()) {
                check = new ValidationReport.DaktelaCheck(daktela.url(), null,
                        "no row of " + file.getFileName() + " could be read, so there is nothing to compare; fix the file first");
            } else {
                try {
                    List<DaktelaPause> pauses = daktela.pauses();
                    // bounded as the file's own findings are: Daktela's list of pauses is as long as Daktela makes it
                    findings.addAll(MappingsReader.bounded(compare(contents.externalStates(), pauses)));
                    check = new ValidationReport.DaktelaCheck(daktela.url(), pauses.size(), null);
                } catch (DaktelaCheckFailed e) {
                    check = new ValidationReport.DaktelaCheck(daktela.url(), null, e.getMessage());
                }
            }
        }
        return new ValidationReport(file, findings, check);
    }

    /**
     * Each row whose reasonCode matches a pause still unmatched is reported and, with that pause, taken off both lists.
     * A match has the reasonCode's loose form ({@link Names#loose}) as its key: the pauses are looked up by it, not each
     * compared with each row, which is quadratic in the rows and pauses.
     */
    private static void pairOff(List<ExternalState> rows, List<DaktelaPause> unmatched, List<Finding> findings,
            Function<DaktelaPause, String> key, BiPredicate<String, DaktelaPause> matches,
            BiFunction<ExternalState, DaktelaPause, Finding> finding) {
        Map<String, List<DaktelaPause>> byKey = new HashMap<>();
        for (DaktelaPause p : unmatched) {
            String k = key.apply(p);
            if (k != null) {
                byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(p);
            }
        }
        Set<DaktelaPause> paired = Collections.newSetFromMap(new IdentityHashMap<>());
        for (var it = rows.iterator(); it.hasNext(); ) {
            ExternalState r = it.next();
            List<DaktelaPause> candidates = byKey.getOrDefault(Names.loose(r.reasonCode()), List.of());
            DaktelaPause pause = candidates.stream().filter(p -> matches.test(r.reasonCode(), p)).findFirst().orElse(null);
            if (pause != null) {
                it.remove();
                candidates.remove(pause);
                paired.add(pause);
                findings.add(finding.apply(r, pause));
            }
        }
        unmatched.removeIf(paired::contains);
    }

    List<Finding> compare(List<ExternalState> externalStates, List<DaktelaPause> pauses) {
        List<Finding> findings = new ArrayList<>();
        List<ExternalState> rows = new ArrayList<>(externalStates.stream()
                .filter(s -> ExternalState.NOT_READY.equals(s.code()) && !StringUtils.isBlank(s.reasonCode())).toList());
        List<DaktelaPause> unmatched = new ArrayList<>(pauses.stream().filter(p -> p.name() != null).toList());

        // exact matches: nothing to report
        Set<String> names = unmatched.stream().map(DaktelaPause::name).collect(Collectors.toSet());
        Set<String> reasonCodes = rows.stream().map(ExternalState::reasonCode).collect(Collectors.toSet());
        rows.removeIf(r -> names.contains(r.reasonCode()));
        unmatched.removeIf(p -> reasonCodes.contains(p.name()));

        pairOff(rows, unmatched, findings, p -> Names.loose(p.name()), (code, p) -> Names.nearMiss(code, p.name()), (r, pause) -> Finding.error(
                "pause-near-miss", Where.externalState(r, "reasonCode"),
                "reasonCode " + OneLine.quoted(r.reasonCode()) + " differs from the Daktela pause name " + OneLine.quoted(pause.name())
                        + " in " + Names.differences(r.reasonCode(), pause.name()) + "; the setup guide demands an exact match, "
                        + "so this pause's events would be parked",
                "set reasonCode to " + OneLine.quoted(pause.name())));
        pairOff(rows, unmatched, findings, p -> p.title() == null ? null : Names.loose(p.title()), (code, p) -> true,
                (r, pause) -> Finding.error("pause-title-used", Where.externalState(r, "reasonCode"),
                        "reasonCode " + OneLine.quoted(r.reasonCode()) + " is the title of the Daktela pause " + OneLine.quoted(pause.name())
                                + "; the callback sends the pause's name, not its title",
                        "set reasonCode to " + OneLine.quoted(pause.name())));

        List<String> unmatchedNames = unmatched.stream().map(DaktelaPause::name).toList();
        // each suggestion compares the code with every unmatched pause's name, as the rules' suggestions do: bounded alike
        int suggestionsLeft = MappingsRules.MAX_SUGGESTIONS;
        for (ExternalState r : rows) {
            String code = r.reasonCode();
            String closest = suggestionsLeft-- > 0 ? Names.closest(code, unmatchedNames) : null;
            findings.add(Finding.error("row-without-pause", Where.externalState(r, "reasonCode"),
                    "reasonCode " + OneLine.quoted(code) + " is the name of no Daktela pause",
                    closest != null ? "set reasonCode to " + OneLine.quoted(closest) + " if that is the pause this row stands for;"
                            + " otherwise create the pause in Daktela or remove the row"
                            : "create the pause " + OneLine.quoted(code) + " in Daktela, set reasonCode to the exact name of an existing pause"
                            + (unmatchedNames.isEmpty() ? "" : " (pauses without a row: " + Names.list(unmatchedNames, 5) + ")")
                            + ", or remove the row"));
        }

        List<ExternalState> notReady = externalStates.stream().filter(s -> ExternalState.NOT_READY.equals(s.code())).toList();
        int id = notReady.isEmpty() ? MappingsRules.GUIDE_NOT_READY_ID : MappingsRules.majorityId(notReady);
        int nextReasonId = MappingsRules.nextReasonId(notReady);
        for (DaktelaPause pause : unmatched) {
            String name = pause.title() == null || pause.title().isBlank() ? pause.name() : pause.title();
            findings.add(Finding.error("pause-without-row", Where.daktelaPause(pause.name()),
                    "the Daktela pause " + OneLine.quoted(pause.name())
                            + (pause.title() == null || pause.title().equals(pause.name()) ? "" : " (" + pause.title() + ")")
                            + " has no NotReady row: its unready events would be parked",
                    "add the external state in AristoTelos and this row to externalStates (with AristoTelos's reason id): {name: "
                            + Names.yaml(name) + ", id: " + id + ", code: NotReady, reasonId: " + nextReasonId++ + ", reasonCode: "
                            + Names.yaml(pause.name()) + ", operatorState: null}"));
        }
        return findings;
    }
}
