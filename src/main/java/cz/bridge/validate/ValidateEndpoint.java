package cz.bridge.validate;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
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

    /** The mappings file, and Daktela's API URL and access token (either may be empty). */
    public ValidateEndpoint(Path file, String url, String accessToken) {
        this.file = file;
        this.url = url;
        this.daktelaClient = SingletonSupplier.of(() -> new DaktelaClient(url, accessToken));
    }

    @ReadOperation
    public Map<String, Object> validate(@Nullable Boolean daktela) {
        if (!Boolean.TRUE.equals(daktela)) {
            return validator.validate(file).toJson();
        }
        try {
            // only the client's construction throws: the validator reports a Daktela that cannot be read
            return validator.validate(file, daktelaClient.obtain()).toJson();
        } catch (DaktelaCheckFailed e) {
            return validator.validate(file).withDaktelaProblem(url, e.getMessage()).toJson();
        }
    }
}
