package cz.bridge.config;

import java.util.Map;

/**
 * The names the route files (routes/*.camel.yaml) and the Java side both use, defined once. Each
 * route file's head comment points here, and SharedNamesTest reads the route files: a name
 * renamed on one side only fails that test instead of silently breaking metrics or answers.
 */
public final class SharedNames {

    /** Stored events: callback.camel.yaml and reconciliation store into it, delivery.camel.yaml takes from it. */
    public static final String EVENTS_QUEUE = "bridge.events";
    /** Parked events, with their reason: parking.camel.yaml stores into it. */
    public static final String PARKED_QUEUE = "bridge.parked";
    /** Events the broker gave up delivering (they could not even be parked): see BridgeConfiguration.bridgeQueues. */
    public static final String DEAD_QUEUE = "bridge.dead";
    /** The last accepted state per agent, a last-value queue: callback.camel.yaml stores into it. */
    public static final String LAST_STATE_QUEUE = "bridge.last-state";
    /** The route of callback.camel.yaml that takes Daktela's callbacks: StartSummary names its path. */
    public static final String CALLBACK_ROUTE = "daktela-callback";
    /** The route of delivery.camel.yaml that takes stored events: QueueGauges counts its events in delivery. */
    public static final String DELIVERY_ROUTE = "deliver-agent-state";
    /** A stored event's agent, as its JMS message group: callback.camel.yaml sets it, delivery and parking read it. */
    public static final String AGENT_HEADER = "JMSXGroupID";
    /** The callback's events and how each was stored: CallbackIntake sets it, callback.camel.yaml passes it on. */
    public static final String PENDING_VARIABLE = "bridgePending";
    /** A parked event's id, reason and AristoTelos's answer: ParkingReason sets them, parking.camel.yaml logs them. */
    public static final String EVENT_ID_HEADER = "bridgeEventId";
    public static final String PARK_REASON_HEADER = "bridgeParkReason";
    public static final String ARISTOTELOS_ANSWER_HEADER = "bridgeAristotelosAnswer";
    /**
     * Set while a delivery's last failed try is to be retried: DeliveryConfiguration's retry hook sets it, the other
     * clauses' hook clears it, and delivery.camel.yaml says an event stays stored when a stop ends a delivery with it set.
     */
    public static final String RETRY_PENDING_PROPERTY = "bridgeRetryPending";

    /** The failures of one delivery inside the bridge: DeliveryConfiguration.internalErrorCounted counts them, delivery.camel.yaml's retryWhile reads them. */
    public static final String INTERNAL_ERRORS_PROPERTY = "bridgeInternalErrors";

    /**
     * A route of each shipped route file, by the file: a routes folder from an older release (a
     * mounted BRIDGE_ROUTES_DIR) can lack a file added since, and without some of them nothing would
     * say so (no reload of mappings.yaml, no restart of a stopped broker), so the start checks them.
     */
    public static final Map<String, String> REQUIRED_ROUTES = Map.of(
            CALLBACK_ROUTE, "callback.camel.yaml",
            DELIVERY_ROUTE, "delivery.camel.yaml",
            "send-to-aristotelos", "aristotelos.camel.yaml",
            "park-event", "parking.camel.yaml",
            "reconcile-live-sessions", "reconciliation.camel.yaml",
            "watch-mappings", "mappings.camel.yaml",
            "restart-stopped-broker", "storage.camel.yaml");

    private SharedNames() {
    }
}
