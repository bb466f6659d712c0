package cz.bridge.monitoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.core.io.ClassPathResource;

/**
 * {@code GET /actuator/status}: the operator's status page, one self-contained HTML file
 * (inline CSS and JavaScript, nothing fetched from elsewhere) that refreshes itself from
 * {@code /actuator/board} and {@code /actuator/parked} on the same origin and replays parked
 * events with {@code POST /actuator/parked/{id}}. It sits behind the management side's basic
 * auth like every other endpoint; the browser reuses the credentials for the page's requests.
 */
@Endpoint(id = "status")
public class StatusPageEndpoint {

    private final String html;

    public StatusPageEndpoint() throws IOException {
        this.html = new ClassPathResource("status/status.html").getContentAsString(StandardCharsets.UTF_8);
    }

    // the charset is explicit: without it Spring writes a text/html String as ISO-8859-1
    @ReadOperation(produces = "text/html;charset=UTF-8")
    public String page() {
        return html;
    }
}
