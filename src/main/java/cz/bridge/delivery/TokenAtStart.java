package cz.bridge.delivery;

import cz.bridge.config.BridgeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * One token asked for right after the start (production mode), so that wrong client credentials, a wrong
 * ARISTOTELOS_TOKEN_URL or an unreachable token endpoint show in the log and in readiness within seconds of a deploy,
 * not at the first callback's delivery, which may come hours later. Through the deliveries' own call: the token is
 * cached for the first delivery, a delivery meanwhile waits for this request instead of sending its own, and a
 * refusal starts the same pause. Not in demo mode: the built-in simulator takes the demo credentials.
 */
public class TokenAtStart implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(TokenAtStart.class);

    private final AccessTokenProvider tokens;
    private final BridgeProperties properties;

    public TokenAtStart(AccessTokenProvider tokens, BridgeProperties properties) {
        this.tokens = tokens;
        this.properties = properties;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (properties.demo()) {
            return;
        }
        // its own thread: the request may take the whole timeout, and nothing of the start waits for it;
        // a daemon, so that a stop does not wait for it either
        Thread ask = new Thread(this::ask, "aristotelos-token-at-start");
        ask.setDaemon(true);
        ask.start();
    }

    private void ask() {
        try {
            tokens.authorization();
        } catch (AccessTokenProvider.NoToken logged) {
            // the provider has logged it, and readiness shows it; the deliveries ask again
        } catch (RuntimeException unexpected) {
            // its class only: its message might quote the token URL with a user and password in it
            LOG.warn("The token request at start failed unexpectedly ({}); the deliveries ask again", unexpected.getClass().getName());
        }
    }
}
