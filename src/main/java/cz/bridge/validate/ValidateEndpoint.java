package cz.bridge.validate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.lang.Nullable;
import org.springframework.util.function.SingletonSupplier;
import cz.bridge.daktela.DaktelaClient;

/**
 * {@code GET /actuator/validate[?daktela=true]} on the management port: validates the mappings
 * file on disk right now (not the mappings in force, which may be an older good version while
 * a bad edit is refused) and, when asked, compares it with Daktela's pauses. The answer is the
 * same JSON as {@code validate --json}; {@code status} is ok, errors or incomplete.
 * Registered by {@link ValidateConfiguration}.
 */
@Endpoint(id = "validate")
public class ValidateEndpoint {

    private final Path file;
    private final String url;
    /**
     * One client for every call (each would start an HTTP client with its own selector thread), made at the
     * first call that asks for Daktela, not at start; a construction that fails (settings missing) is not kept.
     */
    private final SingletonSupplier<DaktelaClient> daktelaClient;
    private final MappingsValidator validator = new MappingsValidator();
    private static final Duration DAKTELA_AT_MOST_EVERY = Duration.ofSeconds(10);
    private static final long NEVER = Long.MIN_VALUE;
    private final Duration daktelaAtMostEvery;
    /** When Daktela's pauses were last read for a validation (System.nanoTime), or NEVER. */
    private final AtomicLong lastDaktelaRead = new AtomicLong(NEVER);

    /** The mappings file, and Daktela's API URL and access token (either may be empty). */
    public ValidateEndpoint(Path file, String url, String accessToken) {
        this(file, url, accessToken, DAKTELA_AT_MOST_EVERY);
    }

    /** @param daktelaAtMostEvery how often Daktela's pauses may be read for a validation */
    ValidateEndpoint(Path file, String url, String accessToken, Duration daktelaAtMostEvery) {
        this.daktelaAtMostEvery = daktelaAtMostEvery;
        this.file = file;
        this.url = url;
        this.daktelaClient = SingletonSupplier.of(() -> new DaktelaClient(url, accessToken));
    }

    @ReadOperation
    public WebEndpointResponse<Map<String, Object>> validate(@Nullable Boolean daktela) {
        if (!Boolean.TRUE.equals(daktela)) {
            return new WebEndpointResponse<>(validator.validate(file).toJson());
        }
        // a GET, which a page on another site can make in a browser that holds the operator's login (an image tag, again
        // and again): each read Daktela's pauses, page by page, with the bridge's token. One at a time, one per interval
        long now = System.nanoTime();
        long last = lastDaktelaRead.get();
        long wait = last == NEVER ? 0 : daktelaAtMostEvery.toNanos() - (now - last);
        if (wait > 0 || !lastDaktelaRead.compareAndSet(last, now)) {
            long seconds = Math.max(1, (wait + 999_999_999) / 1_000_000_000);
            return new WebEndpointResponse<>(Map.of("error", "Daktela's pauses are read at most once every "
                    + daktelaAtMostEvery.toSeconds() + " s: ask again in " + seconds + " s"), 429);
        }
        try {
            // only the client's construction throws: the validator reports a Daktela that cannot be read
            return new WebEndpointResponse<>(validator.validate(file, daktelaClient.obtain()).toJson());
        } catch (DaktelaCheckFailed e) {
            return new WebEndpointResponse<>(validator.validate(file).withDaktelaProblem(url, e.getMessage()).toJson());
        }
    }
}
