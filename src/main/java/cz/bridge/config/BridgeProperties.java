package cz.bridge.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Everything a deployment configures. The contract's environment variables
 * (ARISTOTELOS_URL, DAKTELA_CALLBACK_SECRET, ...) are mapped onto these in application.yml.
 */
@ConfigurationProperties(prefix = "bridge")
public class BridgeProperties implements InitializingBean {

    /**
     * Not a setting: {@link EmbeddedDefaults} sets it, true when ARISTOTELOS_URL is not set (the
     * built-in simulator is AristoTelos and demo credentials fill in what is not configured).
     */
    private boolean demo;
    /** Where durable state (the embedded broker's journal, with the ids of stored events) lives. */
    private Path dataDir = Path.of("./data");
    /** The external-state table. */
    private Path mappingsFile = Path.of("./mappings.yaml");
    /** What to do with an unready whose pause has no NotReady row. */
    private UnmappedPausePolicy unmappedPause = UnmappedPausePolicy.PARK;

    private final Callback callback = new Callback();
    private final Daktela daktela = new Daktela();
    private final Aristotelos aristotelos = new Aristotelos();
    private final Delivery delivery = new Delivery();
    private final Simulator simulator = new Simulator();
    private final DaktelaSimulator daktelaSimulator = new DaktelaSimulator();
    private final Storage storage = new Storage();
    private final Management management = new Management();

    public enum UnmappedPausePolicy {
        /** Park the event with reason "no external state for Daktela pause P" (default). */
        PARK,
        /** Send NotReady with reason id 0 and reason code P. */
        SEND_REASON_ZERO
    }

    public static class Callback {
        /** The shared secret Daktela sends; required unless the built-in simulator runs. */
        private String secret = "";
        /** Header that carries the secret; the query parameter "secret" is the fallback. */
        private String secretHeader = "X-Webhook-Secret";
        private DataSize maxBodySize = DataSize.ofKilobytes(256);
        /** Events in one batch at most; a longer one is answered 413. */
        private int maxBatchEvents = 100;
        /** The whole body must arrive within this, or the callback is answered 408 and its thread freed. */
        private Duration bodyReadTimeout = Duration.ofSeconds(10);
        /**
         * How many of the latest event ids the embedded broker remembers to refuse a resend (answered
         * 200 duplicate): 48 h of 500 agents' 100 events a day, twice over.
         */
        private int duplicateIds = 200_000;

        public String getSecret() { return secret; }
        public void setSecret(String secret) { this.secret = secret; }
        public String getSecretHeader() { return secretHeader; }
        public void setSecretHeader(String secretHeader) { this.secretHeader = secretHeader; }
        public DataSize getMaxBodySize() { return maxBodySize; }
        public void setMaxBodySize(DataSize maxBodySize) { this.maxBodySize = maxBodySize; }
        public int getMaxBatchEvents() { return maxBatchEvents; }
        public void setMaxBatchEvents(int maxBatchEvents) {
            if (maxBatchEvents < 1) {
                throw new IllegalArgumentException("bridge.callback.max-batch-events must be at least 1, such as 100");
            }
            this.maxBatchEvents = maxBatchEvents;
        }
        public Duration getBodyReadTimeout() { return bodyReadTimeout; }
        public void setBodyReadTimeout(Duration bodyReadTimeout) {
            if (bodyReadTimeout.toMillis() < 100) {
                throw new IllegalArgumentException("bridge.callback.body-read-timeout must be at least 100ms: give a duration such as 10s");
            }
            this.bodyReadTimeout = bodyReadTimeout;
        }
        public int getDuplicateIds() { return duplicateIds; }
        public void setDuplicateIds(int duplicateIds) {
            if (duplicateIds < 1) {
                throw new IllegalArgumentException("bridge.callback.duplicate-ids must be at least 1, such as 200000"
                        + " (the event ids of the last 48 h, with room to spare)");
            }
            this.duplicateIds = duplicateIds;
        }
    }

    public static class Daktela {
        /** Zone of Daktela's local "yyyy-MM-dd HH:mm:ss" times. */
        private ZoneId timeZone = ZoneId.of("Europe/Prague");
        private String url = "";
        private String accessToken = "";

        public ZoneId getTimeZone() { return timeZone; }
        public void setTimeZone(ZoneId timeZone) { this.timeZone = timeZone; }
        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getAccessToken() { return accessToken; }
        public void setAccessToken(String accessToken) { this.accessToken = accessToken; }

        /** How often reconciliation reads Daktela's live sessions (DAKTELA_RECONCILE_INTERVAL); 0 = off. */
        private Duration reconcileInterval = Duration.ofSeconds(60);
        /** How much older the bridge's last state must be than Daktela's before it is repaired (DAKTELA_RECONCILE_GRACE). */
        private Duration reconcileGrace = Duration.ofSeconds(10);
        /** Agents per page of realtimeSessions.json (Daktela's maximum is 1000). */
        private int reconcilePageSize = 1000;
        /**
         * What a live session's state means: Daktela's state → LOGIN, READY or UNREADY (UNREADY takes
         * the session's pause). A state not listed is left alone (logged, never repaired).
         */
        private java.util.Map<String, String> sessionStates = new java.util.LinkedHashMap<>(java.util.Map.of(
                "Idle", "READY", "Session", "READY", "Paused", "UNREADY"));
        /** Reconciliation's timer runs (set by EmbeddedDefaults: interval not 0 and Daktela's URL and token set). */
        private boolean reconcileActive;

        public Duration getReconcileInterval() { return reconcileInterval; }
        public void setReconcileInterval(Duration reconcileInterval) {
            if (reconcileInterval.isNegative()) {
                throw new IllegalArgumentException("DAKTELA_RECONCILE_INTERVAL must be 0 (off) or a duration such as 60s");
            }
            this.reconcileInterval = reconcileInterval;
        }
        public Duration getReconcileGrace() { return reconcileGrace; }
        public void setReconcileGrace(Duration reconcileGrace) { this.reconcileGrace = reconcileGrace; }
        public int getReconcilePageSize() { return reconcilePageSize; }
        public void setReconcilePageSize(int reconcilePageSize) { this.reconcilePageSize = reconcilePageSize; }
        public java.util.Map<String, String> getSessionStates() { return sessionStates; }
        public void setSessionStates(java.util.Map<String, String> sessionStates) { this.sessionStates = sessionStates; }
        public boolean isReconcileActive() { return reconcileActive; }
        public void setReconcileActive(boolean reconcileActive) { this.reconcileActive = reconcileActive; }
    }

    /** The built-in Daktela API simulator: demo mode without DAKTELA_URL only. */
    public static class DaktelaSimulator {
        private boolean enabled = false;
        private int port = 8092;
        private String token = "demo-daktela-token";

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public String getToken() { return token; }
        public void setToken(String token) { this.token = token; }
    }

    public static class Aristotelos {
        private String url = "";
        /** Defaults to {url}/oauth/token. */
        private String tokenUrl = "";
        private String clientId = "";
        private String clientSecret = "";
        /** Send the client credentials as HTTP Basic instead of in the form body. */
        private boolean basicAuth = false;
        /** A token is renewed this long before it expires (at most half its lifetime). */
        private Duration tokenRefreshMargin = Duration.ofSeconds(30);
        private Duration timeout = Duration.ofSeconds(10);

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getTokenUrl() { return tokenUrl; }
        public void setTokenUrl(String tokenUrl) { this.tokenUrl = tokenUrl; }
        public String getClientId() { return clientId; }
        public void setClientId(String clientId) { this.clientId = clientId; }
        public String getClientSecret() { return clientSecret; }
        public void setClientSecret(String clientSecret) { this.clientSecret = clientSecret; }
        public boolean isBasicAuth() { return basicAuth; }
        public void setBasicAuth(boolean basicAuth) { this.basicAuth = basicAuth; }
        public Duration getTokenRefreshMargin() { return tokenRefreshMargin; }
        public void setTokenRefreshMargin(Duration tokenRefreshMargin) { this.tokenRefreshMargin = tokenRefreshMargin; }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }

        public String effectiveTokenUrl() {
            return tokenUrl == null || tokenUrl.isBlank() ? stripSlash(url) + "/oauth/token" : tokenUrl;
        }

        private static String stripSlash(String s) {
            return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        }
    }

    public static class Delivery {
        /** Deliveries in parallel; each agent's events still go one after another. */
        private int concurrency = 8;
        /** First pause before a retry, in milliseconds (a number: the route files read it too); it doubles per retry. */
        private long retryDelayMs = 1000;
        /** Longest pause between retries, in milliseconds; also caps a Retry-After. */
        private long maxRetryDelayMs = 60000;
        /**
         * Deliveries of one stored event the broker makes before it moves the event to the
         * dead-letter queue bridge.dead; only an event that cannot even be parked gets there.
         */
        private int maxDeliveryAttempts = 10;

        public int getConcurrency() { return concurrency; }
        public void setConcurrency(int concurrency) { this.concurrency = concurrency; }
        public long getRetryDelayMs() { return retryDelayMs; }
        public void setRetryDelayMs(long retryDelayMs) { this.retryDelayMs = retryDelayMs; }
        public long getMaxRetryDelayMs() { return maxRetryDelayMs; }
        public void setMaxRetryDelayMs(long maxRetryDelayMs) { this.maxRetryDelayMs = maxRetryDelayMs; }
        public int getMaxDeliveryAttempts() { return maxDeliveryAttempts; }
        public void setMaxDeliveryAttempts(int maxDeliveryAttempts) {
            if (maxDeliveryAttempts < 1) {
                throw new IllegalArgumentException("BRIDGE_DELIVERY_MAX_DELIVERY_ATTEMPTS must be at least 1: it bounds how often "
                        + "the broker delivers an event that cannot be delivered nor parked (default 10)");
            }
            this.maxDeliveryAttempts = maxDeliveryAttempts;
        }
    }

    public static class Storage {
        /** Callbacks are answered 503 while the disk of the data directory has less free space than this. */
        private DataSize minFree = DataSize.ofMegabytes(100);
        /** How often an embedded broker stopped by a failed journal write is started again. */
        private Duration brokerRestartInterval = Duration.ofSeconds(5);

        public DataSize getMinFree() { return minFree; }
        public void setMinFree(DataSize minFree) {
            if (minFree.isNegative()) {
                throw new IllegalArgumentException("BRIDGE_STORAGE_MIN_FREE must not be negative: give a size such as 100MB (0 checks only for a full disk)");
            }
            this.minFree = minFree;
        }
        public Duration getBrokerRestartInterval() { return brokerRestartInterval; }
        public void setBrokerRestartInterval(Duration brokerRestartInterval) {
            if (brokerRestartInterval.toMillis() < 100) {
                throw new IllegalArgumentException("BRIDGE_STORAGE_BROKER_RESTART_INTERVAL must be at least 100ms: give a duration such as 5s");
            }
            this.brokerRestartInterval = brokerRestartInterval;
        }
    }

    public static class Management {
        /** Basic-auth user of the management side (actuator, console, status page, admin API). */
        private String user = "admin";
        private String password = "";
        /**
         * The Camel dev console's consoles that /actuator/camel serves: the ones that only read,
         * reviewed for Camel 4.18. Left out: those that change state (send, receive, trace, debug,
         * reload, eval-language), show message bodies (browse, stub) or print configuration values
         * (properties, system-properties, variables, bean, bean-model, default-registry,
         * main-configuration), as Spring's env endpoint is not exposed either. route, route-group and
         * processor act on an "action" parameter, which the actuator does not pass on (only the path).
         * A console a later Camel adds stays hidden until it is added here.
         */
        private List<String> consoles = new ArrayList<>(List.of(
                "context", "route", "route-group", "route-structure", "route-dump", "route-controller", "source",
                "processor", "consumer", "producer", "endpoint", "inflight", "blocked", "message-history", "event",
                "circuit-breaker", "resilience4j", "health", "log", "service", "rest", "platform-http", "micrometer",
                "internal-tasks", "startup-recorder", "type-converters", "transformers", "simple-language",
                "jvm", "memory", "gc", "thread", "top", "java-security"));

        public String getUser() { return user; }
        public void setUser(String user) { this.user = user; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public List<String> getConsoles() { return consoles; }
        public void setConsoles(List<String> consoles) { this.consoles = consoles; }
    }

    public static class Simulator {
        /** Runs the built-in AristoTelos simulator; on by default when no AristoTelos URL is configured. */
        private boolean enabled = false;
        private int port = 8091;
        private Duration tokenLifetime = Duration.ofHours(1);
        /** Employees (external id 2) the simulator knows; others get 404. "*" = everybody. */
        private List<String> employees = new ArrayList<>(List.of("*"));

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public Duration getTokenLifetime() { return tokenLifetime; }
        public void setTokenLifetime(Duration tokenLifetime) { this.tokenLifetime = tokenLifetime; }
        public List<String> getEmployees() { return employees; }
        public void setEmployees(List<String> employees) { this.employees = employees; }
    }

    /**
     * With ARISTOTELOS_URL set the bridge takes real callbacks and serves real data, so it does not
     * start with a credential missing or one of the demo values, which anybody can read in the README.
     * All such problems in one message, so that one restart fixes them.
     */
    @Override
    public void afterPropertiesSet() {
        if (demo) {
            return;
        }
        List<String> problems = new ArrayList<>();
        String secret = callback.getSecret();
        if (secret == null || secret.isBlank()) {
            problems.add("DAKTELA_CALLBACK_SECRET is not set: set it to the secret the Daktela HTTP action sends "
                    + "(header " + callback.getSecretHeader() + " or query parameter secret)");
        } else if (secret.strip().equals(EmbeddedDefaults.DEMO_CALLBACK_SECRET)) {
            problems.add("DAKTELA_CALLBACK_SECRET is the demo value " + EmbeddedDefaults.DEMO_CALLBACK_SECRET
                    + ": set a secret of your own, here and in the Daktela HTTP action");
        }
        String password = management.getPassword();
        if (password == null || password.isBlank()) {
            problems.add("MANAGEMENT_PASSWORD is not set: set MANAGEMENT_USER and MANAGEMENT_PASSWORD "
                    + "for the management side (actuator, status page, admin API)");
        } else if (password.strip().equals(EmbeddedDefaults.DEMO_MANAGEMENT_PASSWORD)) {
            problems.add("MANAGEMENT_PASSWORD is the demo value " + EmbeddedDefaults.DEMO_MANAGEMENT_PASSWORD
                    + ": set a password of your own for the management side");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("ARISTOTELOS_URL is set, so the bridge runs for real and does not start "
                    + "with missing or demo credentials: " + String.join("; ", problems));
        }
    }

    public boolean isDemo() { return demo; }
    public void setDemo(boolean demo) { this.demo = demo; }
    public Path getDataDir() { return dataDir; }
    public void setDataDir(Path dataDir) { this.dataDir = dataDir; }
    public Path getMappingsFile() { return mappingsFile; }
    public void setMappingsFile(Path mappingsFile) { this.mappingsFile = mappingsFile; }
    public UnmappedPausePolicy getUnmappedPause() { return unmappedPause; }
    public void setUnmappedPause(UnmappedPausePolicy unmappedPause) { this.unmappedPause = unmappedPause; }
    public Callback getCallback() { return callback; }
    public Daktela getDaktela() { return daktela; }
    public Aristotelos getAristotelos() { return aristotelos; }
    public Delivery getDelivery() { return delivery; }
    public Simulator getSimulator() { return simulator; }
    public DaktelaSimulator getDaktelaSimulator() { return daktelaSimulator; }
    public Storage getStorage() { return storage; }
    public Management getManagement() { return management; }
}
