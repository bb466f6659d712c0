package cz.bridge.monitoring;

import cz.bridge.config.BridgeProperties;
import cz.bridge.config.SharedNames;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * One line once the bridge takes callbacks (where Daktela sends them, where they go, where to look, what waits from
 * before the start), then a warning for each setting that starts but deserves a second look, saying what to set.
 */
public class StartSummary implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StartSummary.class);

    /**
     * Below this a callback secret is warned about, not refused: the port faces the internet, and a refusal would stop
     * a running deployment at its next start. 16 characters of letters and digits are beyond guessing at the 16 refusals
     * the callback door lets wait at once (docs/security.md).
     */
    static final int SHORT_SECRET = 16;

    private final BridgeProperties properties;
    private final CamelContext camel;
    private final QueueGauges queues;

    public StartSummary(BridgeProperties properties, CamelContext camel, QueueGauges queues) {
        this.properties = properties;
        this.camel = camel;
        this.queues = queues;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        Route callback = camel.getRoute(SharedNames.CALLBACK_ROUTE);
        String path = callback != null && callback.getEndpoint() instanceof PlatformHttpEndpoint http ? http.getPath() : "(no callback route)";
        String aristotelos = properties.aristotelos().url() + (properties.demo() ? " (the built-in simulator)" : "");
        LOG.info("Ready: callbacks to POST http://{}:{}{}; delivering to AristoTelos at {}; {} events stored waiting for delivery, "
                        + "{} parked; status page http://{}:{}/actuator/status",
                env.getProperty("server.address", "<this host>"), env.getProperty("local.server.port"), path, aristotelos,
                counted(SharedNames.EVENTS_QUEUE), counted(SharedNames.PARKED_QUEUE),
                env.getProperty("management.server.address", "<this host>"), env.getProperty("local.management.port"));
        int secretLength = properties.callback().secret().length();
        if (!properties.demo() && secretLength < SHORT_SECRET) {
            LOG.warn("DAKTELA_CALLBACK_SECRET has only {} characters, and the callback port faces the internet: set one of at "
                    + "least {} (e.g. the output of 'openssl rand -hex 16'), here and in the Daktela HTTP action", secretLength, SHORT_SECRET);
        }
        long notInAUrl = properties.callback().secret().chars().filter(c -> !isUrlSafe(c)).count();
        if (notInAUrl > 0) {
            // written as they are in Daktela's URL, Tomcat refuses some with a 400 (and logs the URL, the secret in it),
            // '#' ends the URL in the sender, '&' and '%' change the query: every callback refused. Counted, not shown
            LOG.warn("DAKTELA_CALLBACK_SECRET has {} character(s) that a URL cannot carry as they are: send it in the header "
                    + "{}, or percent-encode each in Daktela's URL (?secret=), or choose one of letters and digits "
                    + "(e.g. the output of 'openssl rand -hex 16')", notInAUrl, properties.callback().secretHeader());
        }
        String waitTooLong = properties.delivery().waitLongerThanGiveUpAfter();
        if (waitTooLong != null) {
            LOG.warn(waitTooLong);
        }
    }

    /** Letters, digits and the characters a URL's query carries as they are ('+' too: the door reads it either way). */
    private static boolean isUrlSafe(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~+".indexOf(c) >= 0;
    }

    private String counted(String queue) {
        Long depth = queues.knownDepth(queue);
        return depth == null ? "(unknown)" : depth.toString();
    }
}
