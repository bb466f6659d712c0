package cz.bridge.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cz.bridge.config.HeaderValue;
import cz.bridge.daktela.DaktelaClient;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.util.StringUtils;

/**
 * Everything a deployment configures, bound once at start (constructor binding) and checked as
 * it is built: a bad value stops the start with a message that names the setting and what to
 * give. The documented environment variables (ARISTOTELOS_URL, DAKTELA_CALLBACK_SECRET, ...) are
 * mapped onto these in application.yml; docs/configuration.md lists the rest.
 *
 * @param demo          not a setting: {@link EmbeddedDefaults} sets it, true when ARISTOTELOS_URL is not set (the
 *                      built-in simulator is AristoTelos and demo credentials fill in what is not configured)
 * @param dataDir       where durable state (the embedded broker's journal, with the ids of stored events) lives
 * @param mappingsFile  the external-state table
 * @param unmappedPause what to do with an unready whose pause has no NotReady row
 */
@ConfigurationProperties("bridge")
public record BridgeProperties(boolean demo,
                               @DefaultValue("./data") Path dataDir,
                               @DefaultValue("./mappings.yaml") Path mappingsFile,
                               @DefaultValue("park") UnmappedPausePolicy unmappedPause,
                               @DefaultValue Callback callback,
                               @DefaultValue Daktela daktela,
                               @DefaultValue Aristotelos aristotelos,
                               @DefaultValue Delivery delivery,
                               @DefaultValue Simulator simulator,
                               @DefaultValue DaktelaSimulator daktelaSimulator,
                               @DefaultValue Storage storage,
                               @DefaultValue Management management) {

    private static final String CLIENT_MISSING = "ARISTOTELOS_CLIENT_ID and ARISTOTELOS_CLIENT_SECRET must be set: "
            + "the client application's id and secret from AristoTelos (Nastavení > Klientské aplikace)";

    /**
     * With ARISTOTELOS_URL set the bridge takes real callbacks and serves real data, so it does not
     * start with a credential missing or one of the demo values, which anybody can read in the README.
     * All such problems in one message, so that one restart fixes them.
     */
    public BridgeProperties {
        // as validate reads MAPPINGS_FILE: a space at an end (a pasted path) is no part of it, and it made the start say
        // "…/mappings.yaml  does not exist" of a file validate had just called valid
        mappingsFile = Path.of(mappingsFile.toString().strip());
        if (!demo) {
            requireOwnCredentials(callback, management, aristotelos);
        }
    }

    private static void requireOwnCredentials(Callback callback, Management management, Aristotelos aristotelos) {
        List<String> problems = new ArrayList<>();
        if (aristotelos.clientId().isBlank() || aristotelos.clientSecret().isBlank()) {
            problems.add(CLIENT_MISSING);
        }
        if (callback.secret().isBlank()) {
            problems.add("DAKTELA_CALLBACK_SECRET is not set: set it to the secret the Daktela HTTP action sends "
                    + "(header " + callback.secretHeader() + " or query parameter secret)");
        } else if (callback.secret().strip().equals(EmbeddedDefaults.DEMO_CALLBACK_SECRET)) {
            problems.add("DAKTELA_CALLBACK_SECRET is the demo value " + EmbeddedDefaults.DEMO_CALLBACK_SECRET
                    + ": set a secret of your own, here and in the Daktela HTTP action");
        }
        if (management.password().isBlank()) {
            problems.add("MANAGEMENT_PASSWORD is not set: set MANAGEMENT_USER and MANAGEMENT_PASSWORD "
                    + "for the management side (actuator, status page, admin API)");
        } else if (management.password().strip().equals(EmbeddedDefaults.DEMO_MANAGEMENT_PASSWORD)) {
            problems.add("MANAGEMENT_PASSWORD is the demo value " + EmbeddedDefaults.DEMO_MANAGEMENT_PASSWORD
                    + ": set a password of your own for the management side");
        }
        check(problems.isEmpty(), "ARISTOTELOS_URL is set, so the bridge runs for real and does not start "
                + "with missing or demo credentials: " + String.join("; ", problems));
    }

    public enum UnmappedPausePolicy {
        /** Park the event with reason "no external state for Daktela pause P" (default). */
        PARK,
        /** Send NotReady with reason id 0 and reason code P. */
        SEND_REASON_ZERO
    }

    /**
     * @param secret            the shared secret Daktela sends; required unless the built-in simulator runs
     * @param secretHeader      header that carries the secret; the query parameter "secret" is the fallback
     * @param maxBatchEvents    events in one batch at most; a longer one is answered 413
     * @param bodyReadTimeout   the whole body must arrive within this, or the callback is answered 408 and its thread freed
     * @param duplicateIds      how many of the latest event ids the embedded broker remembers to refuse a resend
     *                          (answered 200 duplicate): 48 h of 500 agents' 100 events a day, twice over
     */
    public record Callback(@DefaultValue("") String secret,
                           @DefaultValue("X-Webhook-Secret") String secretHeader,
                           @DefaultValue("256KB") DataSize maxBodySize,
                           @DefaultValue("100") int maxBatchEvents,
                           @DefaultValue("10s") Duration bodyReadTimeout,
                           @DefaultValue("200000") int duplicateIds) {
        public Callback {
            check(!secretHeader.isBlank(), "bridge.callback.secret-header must name a header, such as X-Webhook-Secret");
            // no header of a request has such a name: every callback was answered 401 as without its secret
            check(secretHeader.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+"), "BRIDGE_CALLBACK_SECRET_HEADER is no header name (a space, "
                    + "a ':' or another character a header name cannot hold): give a name such as X-Webhook-Secret");
            // Tomcat reads a header's bytes as ISO-8859-1: any other character would never match in the header
            check(HeaderValue.isCarried(secret), "DAKTELA_CALLBACK_SECRET must be printable ASCII"
                    + " without spaces (letters, digits, punctuation): an HTTP header carries no other characters reliably");
            // a size without a unit is bytes: 256 (meant as KB) had the example batch and nested callbacks answered 413
            check(maxBodySize.toBytes() >= MIN_BODY_SIZE.toBytes(), "BRIDGE_CALLBACK_MAX_BODY_SIZE must be at least 1KB (a number "
                    + "without a unit is bytes): give a size such as 256KB");
            // a callback is read whole into the heap, a few copies of it, by up to 200 threads at once (a full batch
            // of the longest values is ~100 KB)
            check(maxBodySize.toBytes() <= MAX_BODY_SIZE.toBytes(), "BRIDGE_CALLBACK_MAX_BODY_SIZE must be at most "
                    + MAX_BODY_SIZE.toMegabytes() + "MB (a callback is read whole into the heap): give a size such as 256KB");
            check(maxBatchEvents >= 1, "bridge.callback.max-batch-events must be at least 1, such as 100");
            check(bodyReadTimeout.toMillis() >= 100,
                    "bridge.callback.body-read-timeout must be at least 100ms: give a duration such as 10s");
            check(duplicateIds >= 1, "bridge.callback.duplicate-ids must be at least 1, such as 200000"
                    + " (the event ids of the last 48 h, with room to spare)");
        }

        /** The smallest limit a callback's body may be given: a one-event callback with its fields takes about 150 bytes. */
        static final DataSize MIN_BODY_SIZE = DataSize.ofKilobytes(1);
        /** The largest body a callback may be given (bridge.callback.max-body-size). */
        static final DataSize MAX_BODY_SIZE = DataSize.ofMegabytes(4);
    }

    /**
     * @param timeZone          zone of Daktela's local "yyyy-MM-dd HH:mm:ss" times
     * @param reconcileInterval how often reconciliation reads Daktela's live sessions (DAKTELA_RECONCILE_INTERVAL); 0 = off
     * @param reconcileGrace    how much older the bridge's last state must be than Daktela's before it is repaired
     * @param reconcilePageSize agents per page of realtimeSessions.json (Daktela's maximum is 1000)
     * @param sessionStates     what a live session's state means: Daktela's state → LOGIN, READY or UNREADY (UNREADY
     *                          takes the session's pause); a state not listed is left alone (logged, never repaired)
     * @param reconcileActive   reconciliation's timer runs (set by EmbeddedDefaults: interval not 0 and Daktela's URL and token set)
     * @param forgetLoggedOutAfter how long the broker keeps a logged-out agent's last state and a
     *                          reconciliation mark in bridge.last-state before it drops them; 0 = for ever
     */
    public record Daktela(@DefaultValue("Europe/Prague") ZoneId timeZone,
                          @DefaultValue("") String url,
                          @DefaultValue("") String accessToken,
                          @DefaultValue("60s") Duration reconcileInterval,
                          @DefaultValue("10s") Duration reconcileGrace,
                          @DefaultValue("1000") int reconcilePageSize,
                          Map<String, String> sessionStates,
                          boolean reconcileActive,
                          @DefaultValue("30d") Duration forgetLoggedOutAfter) {
        public Daktela {
            // a pass reads every agent's session, page by page: many times a second would only load Daktela's API
            check(reconcileInterval.isZero() || reconcileInterval.compareTo(Duration.ofSeconds(1)) >= 0,
                    "DAKTELA_RECONCILE_INTERVAL must be 0 (off) or at least 1s: give a duration such as 60s");
            check(!reconcileGrace.isNegative(), "DAKTELA_RECONCILE_GRACE must not be negative: give a duration such as 10s");
            check(reconcilePageSize >= 1 && reconcilePageSize <= 1000,
                    "bridge.daktela.reconcile-page-size must be between 1 and 1000 (Daktela's largest page), such as 1000");
            // shorter, a logout reconciliation made up for an agent missed in two reads could be gone before
            // Daktela lists the agent again, and the repair then made would be older than that logout
            check(forgetLoggedOutAfter.isZero() || forgetLoggedOutAfter.compareTo(Duration.ofDays(1)) >= 0,
                    "BRIDGE_DAKTELA_FORGET_LOGGED_OUT_AFTER must be 0 (kept for ever) or at least 1d: give a duration such as 30d");
            sessionStates = Collections.unmodifiableMap(new LinkedHashMap<>(sessionStates != null ? sessionStates
                    : Map.of("Idle", "READY", "Session", "READY", "Paused", "UNREADY")));
            check(!DaktelaClient.unsendableToken(accessToken), DaktelaClient.UNSENDABLE_TOKEN);
            if (!url.isBlank()) {
                // as ARISTOTELOS_URL: one with a query (Daktela's own examples put ?accessToken= in it) or a password
                // started, reconciliation then failed every pass, and /actuator/validate?daktela=true showed it whole
                try {
                    BaseUrl.of(url, "/api/v6");
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("DAKTELA_URL is no http(s) address of Daktela: " + e.getMessage()
                            + "; set it to the address of the Daktela instance, e.g. https://mycompany.daktela.com, and the "
                            + "token in DAKTELA_ACCESS_TOKEN");
                }
            }
        }
    }

    /** The built-in Daktela API simulator: demo mode without DAKTELA_URL only. */
    public record DaktelaSimulator(boolean enabled,
                                   @DefaultValue("8092") int port,
                                   @DefaultValue("demo-daktela-token") String token,
                                   @DefaultValue("1000") int maxSessions) {
        public DaktelaSimulator {
            checkPort(port, "bridge.daktela-simulator.port");
            check(maxSessions >= 1, "BRIDGE_DAKTELASIMULATOR_MAXSESSIONS must be at least 1, such as 1000 (the default)");
        }
    }

    /**
     * @param tokenUrl           defaults to {url}/oauth/token
     * @param basicAuth          send the client credentials as HTTP Basic instead of in the form body
     * @param tokenRefreshMargin a token is renewed this long before it expires (at most half its lifetime)
     * @param tokenRefusalPause  after the token endpoint refused the client credentials (400, 401), no token request
     *                           for this long, doubled with each further refusal up to ten times it: an identity
     *                           provider may lock out a client that keeps trying wrong credentials. 0: no pause
     */
    public record Aristotelos(@DefaultValue("") String url,
                              @DefaultValue("") String tokenUrl,
                              @DefaultValue("") String clientId,
                              @DefaultValue("") String clientSecret,
                              boolean basicAuth,
                              @DefaultValue("30s") Duration tokenRefreshMargin,
                              @DefaultValue("10s") Duration timeout,
                              @DefaultValue("30s") Duration tokenRefusalPause) {
        public Aristotelos {
            if (!url.isBlank()) {
                baseUrl(url);
            }
            // as the check reads it: a trailing line break (a Kubernetes secret, an env file) passed the check, and every
            // token request then failed on it, each delivery parked as an internal error
            tokenUrl = tokenUrl.strip();
            // sent as they are: a secret file's last line break was sent too, and the token endpoint refused the client
            // (a config review), with values that look right in the log's advice to check them
            check(clientId.equals(clientId.strip()), "ARISTOTELOS_CLIENT_ID begins or ends with a space or a line break (often a "
                    + "secret file's last line break): set it without them");
            check(clientSecret.equals(clientSecret.strip()), "ARISTOTELOS_CLIENT_SECRET begins or ends with a space or a line "
                    + "break (often a secret file's last line break): set it without them");
            if (!tokenUrl.isBlank()) {
                try {
                    BaseUrl.httpAddress(tokenUrl);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("ARISTOTELOS_TOKEN_URL is no http(s) address: " + e.getMessage()
                            + "; set it to the token endpoint of AristoTelos's OAuth2 server, or leave it unset for "
                            + "{ARISTOTELOS_URL}/oauth/token");
                }
            }
            check(!tokenRefreshMargin.isNegative(),
                    "bridge.aristotelos.token-refresh-margin must not be negative: give a duration such as 30s");
            // under 100 ms no answer over a network comes in time: every event would wait, retried, as if AristoTelos were down
            check(timeout.toMillis() >= 100, "BRIDGE_ARISTOTELOS_TIMEOUT must be at least 100ms: give a duration such as 10s");
            check(!tokenRefusalPause.isNegative(),
                    "bridge.aristotelos.token-refusal-pause must not be negative: give a duration such as 30s");
            // 30 (no unit) is 30 ms: the pause that keeps an identity provider from locking the client out was gone
            check(tokenRefusalPause.isZero() || tokenRefusalPause.toMillis() >= 1000, "bridge.aristotelos.token-refusal-pause "
                    + "must be 0 (no pause) or at least 1s: give a duration with its unit, such as 30s (a number alone is milliseconds)");
        }

        public String effectiveTokenUrl() {
            return tokenUrl.isBlank() ? StringUtils.trimTrailingCharacter(url, '/') + "/oauth/token" : tokenUrl;
        }

        /** The token provider cannot work without them (the demo fills them in: EmbeddedDefaults). */
        public Aristotelos requireClient() {
            check(!clientId.isBlank() && !clientSecret.isBlank(), CLIENT_MISSING);
            return this;
        }

        /**
         * ARISTOTELOS_URL as the routes append paths to it: without trailing slashes and without a trailing
         * /api (routes/aristotelos.camel.yaml adds /api/UpdateAgentStatus; "//api" or "/api/api" is answered 404,
         * and every event would be parked). {@link EmbeddedDefaults} puts this in place of the value given.
         *
         * @throws IllegalArgumentException naming ARISTOTELOS_URL when it is no http(s) address with a host
         */
        public static String baseUrl(String url) {
            try {
                return BaseUrl.of(url, "/api");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(invalidUrl(e.getMessage()));
            }
        }

        // the value is not repeated: a URL may carry a user and password
        private static String invalidUrl(String why) {
            return "ARISTOTELOS_URL is no http(s) address of AristoTelos: " + why + "; set it to the AristoTelos base URL, "
                    + "e.g. https://aristotelos.example.com (states are posted to {ARISTOTELOS_URL}/api/UpdateAgentStatus)";
        }
    }

    /**
     * @param concurrency         deliveries in parallel; each agent's events still go one after another
     * @param retryDelayMs        first pause before a retry, in milliseconds (a number: the route files read it too);
     *                            it doubles per retry
     * @param maxRetryDelayMs     longest pause between retries, in milliseconds; also caps a Retry-After
     * @param maxDeliveryAttempts deliveries of one stored event the broker makes before it moves the event to the
     *                            dead-letter queue bridge.dead; only an event that cannot even be parked gets there
     * @param giveUpAfter         how long an event is retried while AristoTelos answers it 5xx but takes other states:
     *                            then it is parked, so that it no longer holds back its agent's later states and the
     *                            agents that share its delivery thread (aristotelos.camel.yaml, refused-alone); longer
     *                            than twice maxRetryDelayMs
     * @param giveUpWhenOthersWait how long other agents' events may wait in the queue behind a state failing alone before
     *                            it is parked at its next failure: the broker hands out nothing more, to any thread, once the retrying
     *                            thread's buffer is full, so every agent waits for it (LoneRefusals); giveUpAfter when that is shorter.
     *                            Not used with one delivery thread, where an outage looks the same (LoneRefusals)
     */
    public record Delivery(@DefaultValue("20") int concurrency,
                           @DefaultValue("1000") long retryDelayMs,
                           @DefaultValue("60000") long maxRetryDelayMs,
                           @DefaultValue("10") int maxDeliveryAttempts,
                           @DefaultValue("10m") Duration giveUpAfter,
                           @DefaultValue("1m") Duration giveUpWhenOthersWait) {
        public Delivery {
            // each is a thread and a broker session; more than the agents changing state at once gains nothing
            check(concurrency >= 1 && concurrency <= 500, "BRIDGE_DELIVERY_CONCURRENCY must be between 1 and 500, such as 20 (the default)");
            check(retryDelayMs >= 1, "BRIDGE_DELIVERY_RETRY_DELAY_MS must be at least 1 (milliseconds), such as 1000");
            check(maxRetryDelayMs >= retryDelayMs, "BRIDGE_DELIVERY_MAX_RETRY_DELAY_MS must be at least "
                    + "BRIDGE_DELIVERY_RETRY_DELAY_MS (" + retryDelayMs + "), such as 60000");
            check(maxDeliveryAttempts >= 1, "BRIDGE_DELIVERY_MAX_DELIVERY_ATTEMPTS must be at least 1: it bounds how often "
                    + "the broker delivers an event that cannot be delivered nor parked (default 10)");
            // a 5xx counts as "alone" while AristoTelos took a state within two longest pauses (LoneRefusals): in an
            // outage that begins just after a delivery, that long; give-up-after must outlast it, so an outage parks nothing
            check(giveUpAfter.compareTo(othersTakenWithin(maxRetryDelayMs)) > 0, "BRIDGE_DELIVERY_GIVE_UP_AFTER ("
                    + giveUpAfter.toSeconds() + "s) must be longer than twice BRIDGE_DELIVERY_MAX_RETRY_DELAY_MS ("
                    + othersTakenWithin(maxRetryDelayMs).toSeconds() + "s), such as 10m (the default): else the first minutes "
                    + "of an outage could park states");
            check(giveUpWhenOthersWait.toMillis() >= 1000, "BRIDGE_DELIVERY_GIVE_UP_WHEN_OTHERS_WAIT must be at least 1s: "
                    + "give a duration such as 1m (the default)");
        }

        /** How long a state failing alone is retried while other agents' events wait behind it (LoneRefusals). */
        public Duration giveUpWhileHoldingOthers() {
            // with one delivery thread LoneRefusals has no shorter rule at all (an outage looks the same there)
            return giveUpWhenOthersWait.compareTo(giveUpAfter) < 0 ? giveUpWhenOthersWait : giveUpAfter;
        }

        /**
         * The start's warning when BRIDGE_DELIVERY_GIVE_UP_WHEN_OTHERS_WAIT is longer than BRIDGE_DELIVERY_GIVE_UP_AFTER,
         * else null: the shorter is used, and an operator who raised one of them should hear that it has no effect.
         * Not refused: a short give-up-after with the default wait is a setting that ran before the wait existed.
         */
        public String waitLongerThanGiveUpAfter() {
            return giveUpWhenOthersWait.compareTo(giveUpAfter) <= 0 ? null : "BRIDGE_DELIVERY_GIVE_UP_WHEN_OTHERS_WAIT ("
                    + giveUpWhenOthersWait.toSeconds() + "s) is longer than BRIDGE_DELIVERY_GIVE_UP_AFTER (" + giveUpAfter.toSeconds()
                    + "s): a state failing alone is parked after " + giveUpAfter.toSeconds() + "s whether or not other agents' "
                    + "states wait behind it; set the wait shorter than give-up-after, or leave it out";
        }

        /** A 5xx counts as "alone" while AristoTelos took another state this recently (LoneRefusals). */
        public Duration othersTakenWithin() {
            return othersTakenWithin(maxRetryDelayMs);
        }

        private static Duration othersTakenWithin(long maxRetryDelayMs) {
            return Duration.ofMillis(2 * maxRetryDelayMs);
        }
    }

    /**
     * @param minFree               callbacks are answered 503 while the disk of the data directory has less free space than this
     * @param brokerRestartInterval how often an embedded broker stopped by a failed journal write is started again
     * @param lockWait              how long a starting bridge waits for the journal's lock another process holds (a restart
     *                              while the old process still stops), before it stops saying so
     * @param memory                how much of the waiting events, by Artemis's estimate (about 1.5 KB an event), the
     *                              embedded broker keeps in the heap; beyond it they are paged to the data directory, still
     *                              durable and in order, but stored and delivered more slowly (bench/README.md, "Broker memory")
     */
    public record Storage(@DefaultValue("100MB") DataSize minFree,
                          @DefaultValue("5s") Duration brokerRestartInterval,
                          @DefaultValue("60s") Duration lockWait,
                          @DefaultValue("8MB") DataSize memory) {
        public Storage {
            check(memory.toBytes() >= DataSize.ofMegabytes(1).toBytes(), "BRIDGE_STORAGE_MEMORY must be at least 1MB: give a size such as 8MB");
            check(!minFree.isNegative(), "BRIDGE_STORAGE_MIN_FREE must not be negative: give a size such as 100MB "
                    + "(0 checks only for a full disk)");
            check(brokerRestartInterval.toMillis() >= 100,
                    "BRIDGE_STORAGE_BROKER_RESTART_INTERVAL must be at least 100ms: give a duration such as 5s");
            check(lockWait.toMillis() >= 100, "BRIDGE_STORAGE_LOCK_WAIT must be at least 100ms: give a duration such as 60s");
        }
    }

    /**
     * @param user     basic-auth user of the management side (actuator, console, status page, admin API)
     * @param failedLoginPause after 10 wrong logins in a row from one address, its logins are refused (429) until this
     *                 long after its last wrong one; 0: never
     * @param consoles the Camel dev console's consoles that /actuator/camel serves: the ones that only read,
     *                 reviewed for Camel 4.18. Left out: those that change state (send, receive, trace, debug,
     *                 reload, eval-language), show message bodies (browse, stub) or print configuration values
     *                 (properties, system-properties, variables, bean, bean-model, default-registry,
     *                 main-configuration, and jvm: the JVM's command line, where JAVA_OPTS may hold a key store's
     *                 password), as Spring's env endpoint is not exposed either. route, route-group and
     *                 processor act on an "action" parameter, which the actuator does not pass on (only the path).
     *                 A console a later Camel adds stays hidden until it is added here.
     * @param allowedHosts host names the management port answers to besides IP addresses and localhost (a proxy's, a
     *                 service's: MANAGEMENT_ALLOWED_HOSTS, comma-separated; "*" for any): others are refused 421, as a
     *                 page that rebinds its own name to this address would send them
     */
    public record Management(@DefaultValue("admin") String user,
                             @DefaultValue("") String password,
                             @DefaultValue({"context", "route", "route-group", "route-structure", "route-dump",
                                     "route-controller", "source", "processor", "consumer", "producer", "endpoint",
                                     "inflight", "blocked", "message-history", "event", "circuit-breaker", "resilience4j",
                                     "health", "log", "service", "rest", "platform-http", "micrometer", "internal-tasks",
                                     "startup-recorder", "type-converters", "transformers", "simple-language", "memory", "gc",
                                     "thread", "top", "java-security"}) List<String> consoles,
                             @DefaultValue("60s") Duration failedLoginPause,
                             @DefaultValue List<String> allowedHosts) {
        public Management {
            check(user != null && !user.isBlank(), "MANAGEMENT_USER must not be empty: give a user name, such as admin");
            check(!failedLoginPause.isNegative(), "BRIDGE_MANAGEMENT_FAILED_LOGIN_PAUSE must not be negative: give a duration such as 60s, or 0 for no pause");
            // 60 (no unit) is 60 ms, and the pause after ten wrong logins was as good as none
            check(failedLoginPause.isZero() || failedLoginPause.toMillis() >= 1000, "BRIDGE_MANAGEMENT_FAILED_LOGIN_PAUSE must be 0 "
                    + "(no pause) or at least 1s: give a duration with its unit, such as 60s (a number alone is milliseconds)");
            check(user.equals(user.strip()), "MANAGEMENT_USER begins or ends with a space or a line break (often a secret "
                    + "file's last line break): set it without them");
            check(user.indexOf(':') < 0, "MANAGEMENT_USER must not hold a ':', which ends the user name in a basic-authentication "
                    + "login: give a user name without one, such as admin");
            // a secret file's or an env file's last line break taken into it: no login ever succeeded, and nothing said why
            check(password == null || password.equals(password.strip()), "MANAGEMENT_PASSWORD begins or ends with a space or a "
                    + "line break (often a secret file's last line break): set it without them");
            // BCrypt keeps it, and Spring Security's refuses more than 72 bytes with a stack trace naming a bean
            check(password == null || password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 72,
                    "MANAGEMENT_PASSWORD is longer than 72 bytes (UTF-8), more than the login's hash takes: give a shorter one, "
                            + "such as the 48 characters of openssl rand -hex 24");
            // a URL or a name with a space matched no Host header: the port refused the proxy or Prometheus it was meant for.
            // Quoted with a URL's login hidden, as a URL setting's value is not repeated where it may carry one
            for (String host : allowedHosts) {
                check(!host.strip().matches(".*[/@;\\s].*"), "MANAGEMENT_ALLOWED_HOSTS holds "
                        + cz.bridge.logging.OneLine.quoted(host.strip().replaceFirst("^([^/]*//)?[^/]*@", "$1***@")) + ", which is no host "
                        + "name: give the names only, comma-separated, such as prometheus,bridge.internal (no scheme, path or space), or *");
            }
        }
    }

    /**
     * The built-in AristoTelos simulator.
     *
     * @param enabled   runs it; on by default when no AristoTelos URL is configured
     * @param employees employees (external id 2) the simulator knows; others get 404. "*" = everybody.
     */
    public record Simulator(boolean enabled,
                            @DefaultValue("8091") int port,
                            @DefaultValue("*") List<String> employees) {
        public Simulator {
            checkPort(port, "bridge.simulator.port");
        }
    }

    private static void checkPort(int port, String property) {
        // not 0 (any free one): the bridge's demo defaults name the simulators' ports in its URLs
        check(port >= 1 && port <= 65535, property + " must be a port between 1 and 65535, not " + port);
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(problem);
        }
    }
}
