package cz.bridge.mapping;

import java.util.Map;

/**
 * One row of AristoTelos's external employee states (Administrace > Externí stavy zaměstnanců).
 *
 * @param line       the line of mappings.yaml the row starts on, for findings that say where to fix it
 * @param row        the row's number under externalStates, counted from 1 (also rows that do not read count)
 * @param fieldLines the line of each field written, where a row takes several lines
 */
public record ExternalState(String name, int id, String code, int reasonId, String reasonCode,
                            String operatorState, int line, int row, Map<String, Integer> fieldLines) {

    public ExternalState(String name, int id, String code, int reasonId, String reasonCode, String operatorState, int line, int row) {
        this(name, id, code, reasonId, reasonCode, operatorState, line, row, Map.of());
    }

    /** The line the field is written on, or the row's first line. */
    public int lineOf(String field) {
        return fieldLines.getOrDefault(field, line);
    }

    public static final String LOGIN = "Login";
    public static final String LOGOUT = "Logout";
    public static final String READY = "Ready";
    public static final String NOT_READY = "NotReady";
}
