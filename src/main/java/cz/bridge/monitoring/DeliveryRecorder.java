package cz.bridge.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import cz.bridge.config.BaseUrl;
import cz.bridge.delivery.AccessTokenProvider;
import cz.bridge.delivery.AristotelosUnavailable;
import cz.bridge.delivery.ParkingReason;
import cz.bridge.delivery.RequestNotWritten;
import cz.bridge.delivery.UnansweredAlone;
import cz.bridge.delivery.UnreadableEvent;
import cz.bridge.intake.AgentEvent;
import cz.bridge.logging.OneLine;
import cz.bridge.mapping.OutboundState;
import cz.bridge.mapping.UnmappedPause;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.core.NestedExceptionUtils;

/**
 * Records each delivery outcome once, for the metrics, the agent board and the log: the
 * routes call it when a state is delivered, a try failed, or an event is parked.
 */
public class DeliveryRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryRecorder.class);

    private final BridgeMetrics metrics;
    private final AgentBoard board;
    private final Clock clock;
    private final AtomicReference<Refusal> lastForbidden = new AtomicReference<>();
    /** AristoTelos's last 401 to a request with a new token (post-state in aristotelos.camel.yaml fetched it after the first). */
    private final AtomicReference<Refusal> lastTokenRefused = new AtomicReference<>();

    /** What a 401 that a new token did not help means: the client has a token, but no right to the endpoint. */
    public static final String TOKEN_REFUSED = "AristoTelos refuses the bridge's token for the state endpoint (HTTP 401 with a new "
            + "token): check that the client application has the right API_UpdateAgentStatus (API_UpdateAgentStates in Daktela's "
            + "documentation) on unit Global";
    private volatile Instant lastDelivered;
    private final AtomicReference<Refusal> lastOwnFailure = new AtomicReference<>();
    /** The last failed delivery, and the last of an agent other than its agent's before it (LoneRefusals). */
    private Failure lastFailure;
    private Failure lastFailureOfAnother;

    private record Failure(String user, Instant at) {
    }

    public DeliveryRecorder(BridgeMetrics metrics, AgentBoard board, Clock clock) {
        this.metrics = metrics;
        this.board = board;
        this.clock = clock;
    }

    public void accepted(AgentEvent event) {
        metrics.eventAccepted(event.kind().name());
        board.accepted(event.user(), event.id(), event.kind().name(), event.pause(), event.time());
    }

    /** Called by the delivery route for a copy of an event it has just delivered, which it acknowledges unsent. */
    public void deliveredBefore(AgentEvent event) {
        LOG.info("Event {} user={} was delivered just before (stored twice at the same moment); not delivered again",
                OneLine.field(event.id()), OneLine.field(event.user()));
    }

    /**
     * Called by the delivery route after AristoTelos took the state.
     *
     * @param taken when the event was taken from the queue (the exchange's creation): the latency includes
     *              the retries. A date, not the elapsed time: Camel evaluates ${date:exchangeCreated} directly,
     *              ${exchange.clock.elapsed} through a bean call on a copy of the exchange
     */
    public void delivered(AgentEvent event, OutboundState state, Date taken) {
        Instant now = clock.instant();
        lastDelivered = now;
        lastOwnFailure.set(null);
        Duration endToEnd = Duration.between(state.time().toInstant(), now);
        Duration latency = Duration.between(taken.toInstant(), now);
        metrics.delivered(event.kind().name(), state.stateName(), endToEnd, latency);
        board.delivered(event.user(), event.id(), state.stateName(), state.stateCode(), state.reasonCode(), state.time(),
                event.origin());
        // AristoTelos took a state, so the client application has its right (again); a 403 recorded after this
        // delivery was taken may have come after its call (another consumer's), and stays until the next one
        for (AtomicReference<Refusal> refusal : List.of(lastForbidden, lastTokenRefused)) {
            Refusal forbidden = refusal.get();
            if (forbidden != null && forbidden.at().toInstant().isBefore(taken.toInstant())) {
                refusal.compareAndSet(forbidden, null);
            }
        }
        LOG.info("Delivered event {} user={} state={} code={} reasonId={} time={} tookMs={}{}", OneLine.field(state.eventId()), OneLine.field(state.user()),
                OneLine.field(state.stateName()), OneLine.field(state.stateCode()), state.reasonId(), state.timestamp(), latency.toMillis(),
                AgentEvent.repaired(event) ? " origin=repair" : "");
    }

    /**
     * Called by the error handler for each failed try that will be retried.
     *
     * @param user    the agent (the stored event's message group), or null
     * @param nextTry the pause before the next try
     */
    public void retrying(String user, Throwable failure, int tries, Duration nextTry) {
        failed(user);
        // a try is judged by its cause chain only (ExceptionUtils): Camel's ObjectHelper.getException reads the
        // suppressed exceptions first, where Camel keeps the tries before (a try without a token made a 503 after it DEBUG)
        HttpOperationFailedException answer = ExceptionUtils.throwableOfType(failure, HttpOperationFailedException.class);
        Throwable cause = failure == null ? null : NestedExceptionUtils.getMostSpecificCause(failure);
        // a status or a class name: a bounded set of label values
        metrics.retried(answer != null ? "http-" + answer.getStatusCode() : cause == null ? "unknown" : cause.getClass().getSimpleName());
        boolean breakerOpen = ExceptionUtils.throwableOfType(failure, CallNotPermittedException.class) != null;
        // a 401 reaches here only after the request was sent again with a new token
        if (answer != null && answer.getStatusCode() == 401) {
            lastTokenRefused.set(new Refusal(OffsetDateTime.now(clock), TOKEN_REFUSED));
        }
        // the bridge's own failure (a route file as edited), retried until the file is fixed: nothing reaches AristoTelos,
        // and the breaker, which it does not pass, stays closed
        boolean own = ExceptionUtils.throwableOfType(failure, RequestNotWritten.class) != null
                || ExceptionUtils.throwableOfType(failure, DirectConsumerNotAvailableException.class) != null;
        String why = answer != null && answer.getStatusCode() == 401 ? TOKEN_REFUSED
                : answer != null ? "AristoTelos answered HTTP " + answer.getStatusCode() + redirected(answer)
                : breakerOpen ? "the circuit breaker is open"
                : cause == null ? "unknown" : OneLine.of(deepestWords(failure, cause), ParkingReason.MAX_TEXT);
        // in place of Camel's retry line, which names the JMS message id but neither the agent nor the cause's
        // words. DEBUG: a try the open breaker refused (the calls that opened it were logged, its state is shown), and
        // one that had no token (AccessTokenProvider logged why, once for all the deliveries that meet it)
        boolean saidElsewhere = breakerOpen || ExceptionUtils.throwableOfType(failure, AccessTokenProvider.NoToken.class) != null;
        LOG.atLevel(saidElsewhere ? Level.DEBUG : Level.WARN).log("Delivery for user={} failed (try {}), retrying: {}; next try in {}",
                OneLine.field(OneLine.of(user, AgentEvent.MAX_USER_LENGTH)), tries, why, AristotelosUnavailable.seconds(nextTry));
        if (AgentEvent.acceptable(user, AgentEvent.MAX_USER_LENGTH)) {
            board.retrying(user, "retrying: " + why);
        }
        if (own) {
            lastOwnFailure.set(new Refusal(OffsetDateTime.now(clock), why));
        }
    }

    /**
     * A stop (SIGTERM, or the delivery's route file reloaded) ended the event's retries: its transaction is rolled
     * back, the broker keeps it, and it is delivered, first for its agent, when the delivery runs again: after the
     * next start, or at once by a reload's routes. In place of Camel's stop lines, which name exchange ids and, once
     * the stop timed out, a stack trace.
     *
     * @param user           the agent (the stored event's message group), or null
     * @param bridgeStopping true when the whole bridge stops, false for a reload of the route file
     */
    public void retryCutShort(String user, boolean bridgeStopping) {
        String agent = OneLine.field(OneLine.of(user, AgentEvent.MAX_USER_LENGTH));
        if (bridgeStopping) {
            LOG.info("Stopping: the event of user={} waiting for a retry stays stored and is delivered after the next start", agent);
        } else {
            LOG.info("Reloading delivery.camel.yaml: the event of user={} waiting for a retry stays stored and is tried again by the reloaded routes",
                    agent);
        }
    }

    /**
     * The message nearest the root cause that has words: a ConnectException often has none ("retrying: null"),
     * and the bridge's exception around it says what could not be reached. The bridge's own words for no answer
     * (AristotelosUnavailable) before those of the I/O failure under it ("Read timed out" for an answer that did
     * not come in time).
     */
    private static String deepestWords(Throwable failure, Throwable root) {
        AristotelosUnavailable named = ExceptionUtils.throwableOfType(failure, AristotelosUnavailable.class);
        if (named != null && named.getMessage() != null) {
            return named.getMessage();
        }
        String words = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            words = t.getMessage() != null ? t.getMessage() : words;
        }
        return words != null ? words : root instanceof java.io.IOException io ? AristotelosUnavailable.noAnswer("AristoTelos", io, null, null)
                : root.getClass().getSimpleName();
    }

    /**
     * @param refusalStatus AristoTelos's answer when it refused the state for good, else null
     * @param givenUpAlone  whether the state was given up as failing alone (refused-alone, unanswered-alone)
     */
    public void parked(String user, String eventId, Throwable cause, Integer refusalStatus, boolean givenUpAlone) {
        String category;
        if (cause instanceof UnmappedPause) {
            category = "unmapped-pause";
            metrics.unmappedPause();
        } else if (refusalStatus != null && givenUpAlone) {
            // any status retried (5xx, 3xx, 405, 410, a second 401 ...) given up while AristoTelos took other states:
            // not a refusal for good of the state, which rejected-<status> says (aristotelos.camel.yaml, refused-alone)
            category = "refused-alone";
        } else if (refusalStatus != null) {
            category = switch (refusalStatus) {
                case 404 -> "unknown-employee";
                case 403 -> "forbidden";
                default -> "rejected-" + refusalStatus;
            };
            if (refusalStatus == 404) {
                metrics.unknownEmployee();
            }
            if (refusalStatus == 403) {
                // with the route's words for it (aristotelos.camel.yaml), which the health check repeats
                lastForbidden.set(new Refusal(OffsetDateTime.now(clock), cause == null ? "" : cause.getMessage()));
            }
        } else if (cause instanceof UnansweredAlone) {
            category = "unanswered-alone";
        } else if (cause instanceof UnreadableEvent) {
            category = "unreadable";
        } else {
            category = "internal-error";
        }
        metrics.parked(category);
        if (user != null) {
            board.parked(user, eventId, "parked: " + (cause == null ? "unknown"
                    : OneLine.of(cause.getMessage(), ParkingReason.MAX_TEXT)));
        }
    }

    /**
     * Where a 3xx sends the request: camel-http follows no redirect, so an ARISTOTELOS_URL that AristoTelos moves
     * (http:// to https://, a new host) looked like AristoTelos being down, retried for ever; cut, escaped, without
     * a user and password.
     */
    private static String redirected(HttpOperationFailedException answer) {
        String location = answer.getStatusCode() / 100 == 3 ? answer.getRedirectLocation() : null;
        return location == null || location.isBlank() ? ""
                : " redirecting to " + OneLine.of(BaseUrl.withoutUserInfo(location.strip()), 200) + ": set ARISTOTELOS_URL to the address it names";
    }

    /** When AristoTelos last answered 403 (the client application lacks the right), or 401 to a new token, and what that means. */
    public record Refusal(OffsetDateTime at, String meaning) {
    }

    private synchronized void failed(String user) {
        if (lastFailure != null && !Objects.equals(lastFailure.user(), user)) {
            lastFailureOfAnother = lastFailure;
        }
        lastFailure = new Failure(user, clock.instant());
    }

    /** When a delivery for an agent other than the given one last failed, or null. */
    public synchronized Instant lastFailureOfAnotherAgent(String user) {
        Failure other = lastFailure != null && !Objects.equals(lastFailure.user(), user) ? lastFailure : lastFailureOfAnother;
        return other == null ? null : other.at();
    }

    /** When AristoTelos last took a state, or null. */
    public Instant lastDelivered() {
        return lastDelivered;
    }

    /** AristoTelos's last 403, or null when it has taken a state since. */
    public Refusal lastForbidden() {
        return lastForbidden.get();
    }

    /** The last delivery that failed inside the bridge (RequestNotWritten, a direct: endpoint no route reads), or null when one succeeded since. */
    public Refusal lastOwnFailure() {
        return lastOwnFailure.get();
    }

    /** AristoTelos's last 401 to a new token, or null when it has taken a state since. */
    public Refusal lastTokenRefused() {
        return lastTokenRefused.get();
    }
}
