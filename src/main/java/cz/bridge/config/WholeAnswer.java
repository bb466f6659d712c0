package cz.bridge.config;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An HTTP answer read whole within a deadline, and as text up to a size. java.net.http's request timeout covers the
 * answer's headers only: a body that stops coming after them (a half-dead proxy) held the reading thread for ever, and
 * with it whatever that thread held (reconciliation's timer; the token lock every delivery waits on). And it has no
 * limit of its own on a body's size: a wrong address or a proxy answering hundreds of MB filled the heap.
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
    private static <T> HttpResponse<T> within(HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> body,
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

    /** As {@link #within}, the body as UTF-8 text of at most maxBytes, else {@link TooLarge}, the rest unread. */
    public static HttpResponse<String> text(HttpClient http, HttpRequest request, long maxBytes, Duration deadline)
            throws IOException, InterruptedException {
        return within(http, request, info -> new AtMost(maxBytes, HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8)), deadline);
    }

    /** The answer was longer than it may be; the rest was not read and the connection is closed. */
    public static final class TooLarge extends IOException {
        TooLarge(long maxBytes) {
            super("the answer is larger than " + (maxBytes >= 1 << 20 ? (maxBytes >> 20) + " MB" : (maxBytes >> 10) + " KB"));
        }
    }

    /** The answer's text, or {@link TooLarge} once it passes its limit. */
    private static final class AtMost implements HttpResponse.BodySubscriber<String> {
        private final long limit;
        private final HttpResponse.BodySubscriber<String> text;
        private Flow.Subscription subscription;
        private long received;

        AtMost(long limit, HttpResponse.BodySubscriber<String> text) {
            this.limit = limit;
            this.text = text;
        }

        @Override
        public CompletionStage<String> getBody() {
            return text.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            text.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (received > limit) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                received += buffer.remaining();
            }
            if (received > limit) {
                // closes the connection: the rest is not read
                subscription.cancel();
                text.onError(new TooLarge(limit));
            } else {
                text.onNext(buffers);
            }
        }

        @Override
        public void onError(Throwable failure) {
            text.onError(failure);
        }

        @Override
        public void onComplete() {
            if (received <= limit) {
                text.onComplete();
            }
        }
    }

    /** The whole answer did not come within the deadline. */
    public static final class Stalled extends IOException {
        Stalled(Duration deadline) {
            super("the whole answer did not come within " + deadline.toSeconds() + " s");
        }
    }
}
