package cz.bridge.delivery;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import cz.bridge.logging.OneLine;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.util.ObjectHelper;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.NoHttpResponseException;

/**
 * AristoTelos cannot be reached, or its token endpoint gives no token: retried like any
 * unavailability, the event stays queued.
 */
public class AristotelosUnavailable extends RuntimeException {

    /** For the route files' throwException. */
    public AristotelosUnavailable(String message) {
        super(message);
    }

    public AristotelosUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * For delivery.camel.yaml's catch-all clause: true when no AristotelosUnavailable is in the failure's chain. Camel
     * matches a failure's clauses from its deepest cause up and, at one distance, keeps the deeper cause's: a NoToken
     * whose cause is a plain IOException (a token endpoint that closed without an answer) was the catch-all's
     * (java.lang.Exception, a step from IOException) before the retry clause's (a step from NoToken), and was parked.
     */
    public static boolean notInChain(Throwable failure) {
        return ObjectHelper.getException(AristotelosUnavailable.class, failure) == null;
    }

    /**
     * A request to AristoTelos that got no answer (routes/aristotelos.camel.yaml, unreachable): thrown with the
     * words for what happened and the I/O failure as its cause, which throwException cannot keep. The timeouts are
     * the call's own, as the route file sets them.
     */
    public static void unreachable(Exchange exchange) {
        IOException failure = caughtIo(exchange);
        throw new AristotelosUnavailable(noAnswerTo(exchange, failure), failure);
    }

    /**
     * A request AristoTelos, reached, did not answer for as long as LoneRefusals gives a state failing alone
     * (routes/aristotelos.camel.yaml, unanswered-alone): thrown as a refusal, with the words for what happened.
     *
     * @param givenUp how long and why, as LoneRefusals.whyGivenUp says it
     */
    public static void unansweredAlone(Exchange exchange, String givenUp) {
        IOException failure = caughtIo(exchange);
        throw new UnansweredAlone(noAnswerTo(exchange, failure) + ", to this state " + givenUp + "; replay it once AristoTelos takes it", failure);
    }

    /**
     * Whether the failure is one AristoTelos can give one state alone: reached, it did not answer in time, answered too
     * slowly or unreadably, or closed or reset the connection without an answer (a plain SocketException, "Connection
     * reset", "Broken pipe": on a connection made; its subclasses are connections not made). A connection not made fails
     * every state alike.
     */
    public static boolean reachedButUnanswered(Throwable failure) {
        return !connectTimedOut(failure) && (failure instanceof SocketTimeoutException
                || failure instanceof HttpTimeoutException || failure instanceof NoHttpResponseException
                || failure instanceof MessageConstraintException || (failure != null && failure.getClass() == SocketException.class));
    }

    /** No connection made in time; the JDK's socket says so only in its words. */
    private static boolean connectTimedOut(Throwable failure) {
        return failure instanceof HttpConnectTimeoutException || failure instanceof ConnectTimeoutException
                || (failure instanceof SocketTimeoutException && failure.getMessage() != null
                        && failure.getMessage().startsWith("Connect timed out"));
    }

    private static IOException caughtIo(Exchange exchange) {
        Throwable caught = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        return caught instanceof IOException io ? io : new IOException(String.valueOf(caught), caught);
    }

    /** The words for the request's failure, with the call's own timeouts, as the route file sets them. */
    private static String noAnswerTo(Exchange exchange, IOException failure) {
        String called = exchange.getProperty(ExchangePropertyKey.TO_ENDPOINT, String.class);
        Endpoint endpoint = called == null ? null : exchange.getContext().hasEndpoint(called);
        Duration connect = endpoint instanceof HttpEndpoint http && http.getConnectTimeout() > 0 ? Duration.ofMillis(http.getConnectTimeout()) : null;
        Duration answer = endpoint instanceof HttpEndpoint http && http.getResponseTimeout() > 0 ? Duration.ofMillis(http.getResponseTimeout()) : null;
        return noAnswer("AristoTelos", failure, connect, answer);
    }

    /**
     * Why a request to what ("AristoTelos", "the token endpoint https://...") got no answer, as what happened: the
     * exceptions' own words are "Read timed out" for an answer that did not come in time (the server was reached),
     * and nothing at all for a JDK client's refused connection.
     *
     * @param connectTimeout the request's, for the words; null when not known
     * @param answerTimeout  the request's, for the words; null when not known
     */
    public static String noAnswer(String what, IOException failure, Duration connectTimeout, Duration answerTimeout) {
        // cut: Java's HTTP client (the token endpoint's) quotes a bad status line or header whole, up to 384 KB, into
        // the WARN line, readiness and the status page
        String words = OneLine.of(failure.getMessage(), 300);
        if (failure instanceof UnknownHostException) {
            return "cannot reach " + what + ": unknown host " + words;
        }
        if (connectTimedOut(failure)) {
            return "cannot reach " + what + ": no connection within " + seconds(connectTimeout);
        }
        if (failure instanceof ConnectException && (words == null || words.contains("refused"))) {
            return "cannot reach " + what + ": connection refused";
        }
        if (failure instanceof AnswerTooSlow) {
            return what + "'s answer " + words;
        }
        if (failure instanceof SocketTimeoutException || failure instanceof HttpTimeoutException) {
            return "no answer from " + what + " within " + seconds(answerTimeout);
        }
        if (failure instanceof NoHttpResponseException) {
            return what + " closed the connection without an answer";
        }
        if (failure instanceof MessageConstraintException) {
            return what + "'s answer was not read: " + words + " (its status line and headers are read within bounds: "
                    + "aristotelosConnections in aristotelos.camel.yaml)";
        }
        return "cannot reach " + what + ": " + (words != null ? words : failure.getClass().getSimpleName());
    }

    /** A timeout or pause as an operator reads it: "10 s", "0.2 s". */
    public static String seconds(Duration timeout) {
        if (timeout == null) {
            return "its timeout";
        }
        // tenths below 10 s only: a jittered pause of 11,040 ms read "11.0 s", and tenths of a longer pause say nothing
        long millis = timeout.toMillis();
        return millis % 1000 == 0 || millis >= 9_950 ? Math.round(millis / 1000.0) + " s"
                : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
