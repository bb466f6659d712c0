package cz.bridge.mapping;

import java.util.List;

/** An AristoTelos employee state and the external states that end it; line and row as in {@link ExternalState}. */
public record EmployeeState(String name, String abbreviation, List<String> terminatingStates, int line, int row) {
}
