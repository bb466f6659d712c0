package cz.bridge.mapping;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import cz.bridge.intake.AgentEvent;

/** The state table in force: Daktela events to AristoTelos external states. */
public final class Mappings {

    private final List<ExternalState> externalStates;
    private final List<EmployeeState> employeeStates;
    private final Map<String, ExternalState> byCode;
    private final Map<String, ExternalState> notReadyByReasonCode;

    public Mappings(List<ExternalState> externalStates, List<EmployeeState> employeeStates) {
        this.externalStates = List.copyOf(externalStates);
        this.employeeStates = List.copyOf(employeeStates);
        this.byCode = externalStates.stream()
                .filter(s -> !ExternalState.NOT_READY.equals(s.code()))
                .collect(Collectors.toUnmodifiableMap(ExternalState::code, Function.identity(), (a, b) -> a));
        this.notReadyByReasonCode = externalStates.stream()
                .filter(s -> ExternalState.NOT_READY.equals(s.code()) && s.reasonCode() != null)
                .collect(Collectors.toUnmodifiableMap(ExternalState::reasonCode, Function.identity(), (a, b) -> a));
    }

    /** The Login, Logout or Ready row. */
    public Optional<ExternalState> byCode(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    /** The NotReady row whose reason code is exactly the Daktela pause name, both in Unicode's composed form (MappingsReader). */
    public Optional<ExternalState> forPause(String pause) {
        return pause == null ? Optional.empty() : Optional.ofNullable(notReadyByReasonCode.get(AgentEvent.composed(pause)));
    }

    public List<ExternalState> externalStates() {
        return externalStates;
    }

    public List<EmployeeState> employeeStates() {
        return employeeStates;
    }
}
