package cz.bridge.config;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An HTTP answer read whole within a deadline. java.net.http's request timeout covers the answer's headers only:
 * a body that stops coming after them (a half-dead proxy) held the reading thread for ever, and with it whatever
 * that thread held (reconciliation's timer; the token lock every delivery waits on).
 */
public final class WholeAnswer {

    private WholeAnswer() {
    }

    /**
     * How long a whole answer may take for a client with this timeout: the connect and the answer each get the
     * timeout, so that a connect or header timeout is reported as such, before this deadline.
     */
    public static Duration deadline(Duration timeout) {
        return timeout.multipliedBy(2);
    }

    /** The answer, or {@link Stalled} after the deadline; a failure of the exchange is thrown as {@code send} would. */
    public static <T> HttpResponse<T> within(HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> body,
            Duration deadline) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> answer = http.sendAsync(request, body);
        try {
            return answer.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // closes the connection, so the stalled exchange holds no thread or socket
            answer.cancel(true);
            throw new Stalled(deadline);
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        }
    }

    /** The whole answer did not come within the deadline. */
    public static final class Stalled extends IOException {
        Stalled(Duration deadline) {
            super("the whole answer did not come within " + deadline.toSeconds() + " s");
        }
    }
}
