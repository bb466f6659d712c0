package cz.bridge.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;

import cz.bridge.config.SharedNames;
import cz.bridge.storage.StorageGuard;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code GET /actuator/board}: what the status page shows, as JSON: every agent's current
 * state and today's timeline, the circuit breaker, the queue and the parked count. While the
 * broker cannot be read the counts are null and {@code storage} says why; the agents still show.
 * While an edit of mappings.yaml is refused, {@code mappings} says what is wrong, and {@code routes} while a route
 * file's edit was not taken or a route is not running, and {@code deadLetters} while events lie in the dead-letter queue
 * (readiness's words).
 */
@Endpoint(id = "board")
public record BoardEndpoint(AgentBoard agents, AristotelosHealth aristotelos, QueueGauges queues, StorageGuard storage,
        MappingsHealth mappings, RoutesHealth routes, DeadLettersHealth deadLetters) {

    @ReadOperation
    public Map<String, Object> board() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("circuitBreaker", aristotelos.breakerState());
        view.put("aristotelos", aristotelos.health().getDetails());
        Long waiting = queues.knownDepth(SharedNames.EVENTS_QUEUE);
        view.put("waiting", waiting);
        view.put("oldestWaitingSeconds", queues.knownOldestWaitingSeconds());
        view.put("parked", queues.knownDepth(SharedNames.PARKED_QUEUE));
        String problem = storage.problem();
        view.put("storage", problem != null || waiting != null ? problem : "the broker cannot be read; the log says why");
        view.put("mappings", mappings.health().getDetails().get("problem"));
        view.put("routes", routes.health().getDetails().get("problem"));
        view.put("deadLetters", deadLetters.health().getDetails().get("problem"));
        view.put("zoneOffsetMinutes", agents.zoneOffsetMinutes());
        view.put("agents", agents.agents());
        return view;
    }
}
