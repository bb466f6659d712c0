package cz.bridge.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;

import cz.bridge.config.SharedNames;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code GET /actuator/board}: what the status page shows, as JSON: every agent's current
 * state and today's timeline, the circuit breaker, the queue and the parked count.
 */
@Endpoint(id = "board")
public record BoardEndpoint(AgentBoard agents, AristotelosHealth aristotelos, QueueGauges queues) {

    @ReadOperation
    public Map<String, Object> board() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("circuitBreaker", aristotelos.breakerState());
        view.put("aristotelos", aristotelos.health().getDetails());
        view.put("waiting", queues.depth(SharedNames.EVENTS_QUEUE));
        view.put("oldestWaitingSeconds", queues.oldestWaitingSeconds());
        view.put("parked", queues.depth(SharedNames.PARKED_QUEUE));
        view.put("agents", agents.agents());
        return view;
    }
}
