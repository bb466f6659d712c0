package cz.bridge.mapping;

/**
 * One row of AristoTelos's external employee states (Administrace > Externí stavy zaměstnanců).
 *
 * @param line the line of mappings.yaml the row starts on, for findings that say where to fix it
 * @param row  the row's number under externalStates, counted from 1 (also rows that do not read count)
 */
public record ExternalState(String name, int id, String code, int reasonId, String reasonCode,
                            String operatorState, int line, int row) {

    public static final String LOGIN = "Login";
    public static final String LOGOUT = "Logout";
    public static final String READY = "Ready";
    public static final String NOT_READY = "NotReady";
}
