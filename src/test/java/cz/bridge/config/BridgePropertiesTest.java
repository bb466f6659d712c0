package cz.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.SpringApplicationJsonEnvironmentPostProcessor;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/** The configuration records bind the same names and defaults as before (application.yml's too), and refuse a bad value naming what to fix. */
class BridgePropertiesTest {

    private final ApplicationContextRunner demo = new ApplicationContextRunner()
            .withUserConfiguration(EmbeddedDefaultsTest.PropertiesOnly.class)
            .withPropertyValues("bridge.demo=true");

    /** validate trims MAPPINGS_FILE; the bridge read a trailing space as part of the name, "does not exist" (a review). */
    @Test
    void theMappingsFileIsTheOneValidateChecksWhateverSpacesSurroundIt() {
        demo.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        new MapPropertySource("pasted", Map.of("bridge.mappings-file", " ./mappings.yaml "))))
                .run(context -> assertThat(context.getBean(BridgeProperties.class).mappingsFile()).isEqualTo(Path.of("./mappings.yaml")));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        demo.run(context -> {
            BridgeProperties p = context.getBean(BridgeProperties.class);
            assertThat(p.dataDir().normalize()).isEqualTo(Path.of("./data").normalize());
            assertThat(p.mappingsFile().normalize()).isEqualTo(Path.of("./mappings.yaml").normalize());
            assertThat(p.unmappedPause()).isEqualTo(BridgeProperties.UnmappedPausePolicy.PARK);
            assertThat(p.callback()).isEqualTo(new BridgeProperties.Callback("", "X-Webhook-Secret",
                    DataSize.ofKilobytes(256), 100, Duration.ofSeconds(10), 200_000));
            assertThat(p.daktela()).isEqualTo(new BridgeProperties.Daktela(ZoneId.of("Europe/Prague"), "", "",
                    Duration.ofSeconds(60), Duration.ofSeconds(10), 1000, null, false, Duration.ofDays(30)));
            assertThat(p.daktela().sessionStates()).containsOnly(Map.entry("Idle", "READY"), Map.entry("Session", "READY"),
                    Map.entry("Paused", "UNREADY"));
            assertThat(p.aristotelos()).isEqualTo(new BridgeProperties.Aristotelos("", "", "", "", false,
                    Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30)));
            assertThat(p.delivery()).isEqualTo(new BridgeProperties.Delivery(20, 1000, 60000, 10, java.time.Duration.ofMinutes(10),
                    java.time.Duration.ofMinutes(1)));
            assertThat(p.storage()).isEqualTo(new BridgeProperties.Storage(DataSize.ofMegabytes(100), Duration.ofSeconds(5), Duration.ofSeconds(60), DataSize.ofMegabytes(8)));
            assertThat(p.simulator()).isEqualTo(new BridgeProperties.Simulator(false, 8091, java.util.List.of("*")));
            assertThat(p.daktelaSimulator()).isEqualTo(new BridgeProperties.DaktelaSimulator(false, 8092, "demo-daktela-token", 1000));
            assertThat(p.management().user()).isEqualTo("admin");
            assertThat(p.management().consoles()).contains("context", "route", "health", "memory")
                    .doesNotContain("send", "receive", "browse", "properties", "system-properties", "variables", "jvm");
        });
    }

    /**
     * application.yml maps the README's variables onto the properties with fallbacks of its own
     * ({@code ${daktela.reconcile-grace:10s}}, the session states, ...): bound with it, and without any
     * environment, the properties are exactly the records' own defaults (above), so the two copies
     * cannot drift apart unseen.
     */
    @Test
    void applicationYmlGivesTheRecordsOwnDefaults() {
        ApplicationContextRunner bare = new ApplicationContextRunner().withUserConfiguration(EmbeddedDefaultsTest.PropertiesOnly.class)
                .withInitializer(context -> {
                    context.getEnvironment().getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
                    context.getEnvironment().getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
                })
                .withPropertyValues("bridge.demo=true");
        bare.run(recordsOnly -> bare.withInitializer(new ConfigDataApplicationContextInitializer()).run(withYml -> {
            assertThat(withYml.getEnvironment().getProperty("bridge.daktela.session-states.Paused"))
                    .as("application.yml was read").isEqualTo("UNREADY");
            assertThat(withYml.getBean(BridgeProperties.class)).isEqualTo(recordsOnly.getBean(BridgeProperties.class));
        }));
    }

    @Test
    void environmentVariablesBindAsBefore() {
        new ApplicationContextRunner().withUserConfiguration(EmbeddedDefaultsTest.PropertiesOnly.class)
                .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                                "BRIDGE_DEMO", "true",
                                "BRIDGE_DELIVERY_RETRY_DELAY_MS", "200",
                                "BRIDGE_CALLBACK_BODY_READ_TIMEOUT", "3s",
                                "BRIDGE_STORAGE_MIN_FREE", "16MB",
                                "BRIDGE_STORAGE_MEMORY", "32MB",
                                "BRIDGE_UNMAPPED_PAUSE", "send-reason-zero",
                                "BRIDGE_SIMULATOR_EMPLOYEES", "jnovak,pdvorak",
                                "BRIDGE_DAKTELA_SESSIONSTATES_BUSY", "UNREADY",
                                "BRIDGE_DAKTELA_FORGET_LOGGED_OUT_AFTER", "7d"))))
                .run(context -> {
                    BridgeProperties p = context.getBean(BridgeProperties.class);
                    assertThat(p.delivery().retryDelayMs()).isEqualTo(200);
                    assertThat(p.callback().bodyReadTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(p.storage().minFree()).isEqualTo(DataSize.ofMegabytes(16));
                    assertThat(p.storage().memory()).isEqualTo(DataSize.ofMegabytes(32));
                    assertThat(p.unmappedPause()).isEqualTo(BridgeProperties.UnmappedPausePolicy.SEND_REASON_ZERO);
                    assertThat(p.simulator().employees()).containsExactly("jnovak", "pdvorak");
                    assertThat(p.daktela().sessionStates()).containsEntry("busy", "UNREADY");
                    assertThat(p.daktela().forgetLoggedOutAfter()).isEqualTo(Duration.ofDays(7));
                });
    }

    @Test
    void aSessionStateIsAddedInJsonAndChangedButNotAddedByAnEnvironmentVariable() {
        // docs/reconciliation.md: Daktela's states are capitalised; Spring Boot lower-cases a map key from an
        // environment variable, which therefore changes a state application.yml lists but cannot add one
        new ApplicationContextRunner().withUserConfiguration(EmbeddedDefaultsTest.PropertiesOnly.class)
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withInitializer(context -> {
                    context.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                                    "BRIDGE_DEMO", "true",
                                    "SPRING_APPLICATION_JSON", "{\"bridge\":{\"daktela\":{\"session-states\":{\"WrapUp\":\"READY\"}}}}",
                                    "BRIDGE_DAKTELA_SESSIONSTATES_PAUSED", "READY",
                                    "BRIDGE_DAKTELA_SESSIONSTATES_ONHOLD", "UNREADY")));
                    new SpringApplicationJsonEnvironmentPostProcessor().postProcessEnvironment(context.getEnvironment(),
                            new SpringApplication());
                })
                .run(context -> assertThat(context.getBean(BridgeProperties.class).daktela().sessionStates())
                        .containsEntry("WrapUp", "READY")
                        .containsEntry("Paused", "READY")
                        .containsEntry("Idle", "READY")
                        .containsEntry("onhold", "UNREADY").doesNotContainKey("OnHold"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bridge.callback.max-batch-events=0       | bridge.callback.max-batch-events must be at least 1, such as 100",
            "bridge.callback.body-read-timeout=50ms   | bridge.callback.body-read-timeout must be at least 100ms: give a duration such as 10s",
            "bridge.callback.duplicate-ids=0          | bridge.callback.duplicate-ids must be at least 1, such as 200000",
            "bridge.callback.max-body-size=0          | BRIDGE_CALLBACK_MAX_BODY_SIZE must be at least 1KB (a number without a unit is bytes)",
            "bridge.callback.max-body-size=256        | BRIDGE_CALLBACK_MAX_BODY_SIZE must be at least 1KB (a number without a unit is bytes)",
            "bridge.callback.secret-header=           | bridge.callback.secret-header must name a header",
            // no request's header has such a name: every callback was answered 401 as without its secret
            "bridge.callback.secret-header=X Webhook-Secret | BRIDGE_CALLBACK_SECRET_HEADER is no header name",
            "bridge.callback.secret-header=X-Webhook-Secret: | BRIDGE_CALLBACK_SECRET_HEADER is no header name",
            "bridge.callback.secret=heslo-řeřicha     | DAKTELA_CALLBACK_SECRET must be printable ASCII without spaces",
            "bridge.callback.secret=two words         | DAKTELA_CALLBACK_SECRET must be printable ASCII without spaces",
            "bridge.daktela.reconcile-interval=-1s    | DAKTELA_RECONCILE_INTERVAL must be 0 (off) or at least 1s: give a duration such as 60s",
            "bridge.daktela.reconcile-interval=1ms    | DAKTELA_RECONCILE_INTERVAL must be 0 (off) or at least 1s",
            "bridge.daktela.reconcile-grace=-1s       | DAKTELA_RECONCILE_GRACE must not be negative",
            "bridge.daktela.forget-logged-out-after=1h | BRIDGE_DAKTELA_FORGET_LOGGED_OUT_AFTER must be 0 (kept for ever) or at least 1d: give a duration such as 30d",
            "bridge.daktela.reconcile-page-size=1001  | bridge.daktela.reconcile-page-size must be between 1 and 1000",
            // a query or a password in it started, failed every pass, and /actuator/validate?daktela=true showed it whole
            "bridge.daktela.url=https://acme.daktela.com/api/v6/pauses.json?accessToken=tok123 | DAKTELA_URL is no http(s) address of Daktela: it has a query",
            "bridge.daktela.url=https://u:pw@acme.daktela.com | DAKTELA_URL is no http(s) address of Daktela: it carries a user and password",
            "bridge.delivery.concurrency=0            | BRIDGE_DELIVERY_CONCURRENCY must be between 1 and 500",
            "bridge.delivery.concurrency=100000       | BRIDGE_DELIVERY_CONCURRENCY must be between 1 and 500",
            "bridge.delivery.retry-delay-ms=0         | BRIDGE_DELIVERY_RETRY_DELAY_MS must be at least 1",
            "bridge.delivery.max-retry-delay-ms=10    | BRIDGE_DELIVERY_MAX_RETRY_DELAY_MS must be at least BRIDGE_DELIVERY_RETRY_DELAY_MS (1000)",
            "bridge.delivery.max-delivery-attempts=0  | BRIDGE_DELIVERY_MAX_DELIVERY_ATTEMPTS must be at least 1",
            "bridge.delivery.give-up-after=2m         | BRIDGE_DELIVERY_GIVE_UP_AFTER (120s) must be longer than twice BRIDGE_DELIVERY_MAX_RETRY_DELAY_MS (120s)",
            "bridge.delivery.give-up-when-others-wait=500ms | BRIDGE_DELIVERY_GIVE_UP_WHEN_OTHERS_WAIT must be at least 1s",
            "bridge.storage.min-free=-1MB             | BRIDGE_STORAGE_MIN_FREE must not be negative: give a size such as 100MB",
            "bridge.storage.broker-restart-interval=10ms | BRIDGE_STORAGE_BROKER_RESTART_INTERVAL must be at least 100ms",
            "bridge.storage.memory=512KB              | BRIDGE_STORAGE_MEMORY must be at least 1MB: give a size such as 8MB",
            "bridge.aristotelos.timeout=0s            | BRIDGE_ARISTOTELOS_TIMEOUT must be at least 100ms",
            "bridge.aristotelos.timeout=10ms          | BRIDGE_ARISTOTELOS_TIMEOUT must be at least 100ms: give a duration such as 10s",
            // no basic-authentication login could ever succeed: the first ':' ends the user name
            "bridge.management.user=ops:team          | MANAGEMENT_USER must not hold a ':'",
            "bridge.aristotelos.token-refresh-margin=-1s | bridge.aristotelos.token-refresh-margin must not be negative",
            "bridge.aristotelos.token-refusal-pause=-1s | bridge.aristotelos.token-refusal-pause must not be negative",
            // a number alone is milliseconds: 30 and 60 were taken as pauses of 30 and 60 ms, as good as none
            "bridge.aristotelos.token-refusal-pause=30 | bridge.aristotelos.token-refusal-pause must be 0 (no pause) or at least 1s: give a duration with its unit, such as 30s",
            "bridge.management.failed-login-pause=60  | BRIDGE_MANAGEMENT_FAILED_LOGIN_PAUSE must be 0 (no pause) or at least 1s: give a duration with its unit, such as 60s",
            "bridge.simulator.port=70000              | bridge.simulator.port must be a port between 1 and 65535, not 70000",
            "bridge.simulator.port=0                  | bridge.simulator.port must be a port between 1 and 65535, not 0",
            "bridge.daktela-simulator.port=-1         | bridge.daktela-simulator.port must be a port between 1 and 65535",
            "bridge.management.user=                  | MANAGEMENT_USER must not be empty",
            // a URL matched no Host header: the proxy or Prometheus it was meant for was refused 421
            "bridge.management.allowed-hosts=http://prometheus:9090/ | which is no host name: give the names only, comma-separated, such as prometheus,bridge.internal (no scheme, path or space), or *",
            "bridge.management.allowed-hosts=bridge.internal;prometheus | which is no host name",
            // 74 bytes: 37 letters of two bytes each in UTF-8 (a Czech passphrase); Spring Security's BCrypt refused it with a stack trace
            "bridge.management.password=ěěěěěěěěěěěěěěěěěěěěěěěěěěěěěěěěěěěěě | MANAGEMENT_PASSWORD is longer than 72 bytes (UTF-8)",
            "bridge.callback.max-body-size=10GB       | BRIDGE_CALLBACK_MAX_BODY_SIZE must be at most 4MB (a callback is read whole into the heap)",
    })
    void aBadValueStopsTheStartNamingTheSettingAndWhatToGive(String setting, String message) {
        demo.withPropertyValues(setting).run(context -> assertThat(context).getFailure().rootCause()
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message));
    }

    /** ARISTOTELOS_TOKEN_URL was not checked: the start was clean, and then every event was parked as an internal error. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "url       | aristotelos.example.com              | ARISTOTELOS_URL is no http(s) address of AristoTelos: it does not begin with http:// or https://",
            "url       | aristotelos.example.com:8443         | ARISTOTELOS_URL is no http(s) address of AristoTelos: it does not begin with http:// or https://",
            "url       | ftp://aristotelos.example.com        | ARISTOTELOS_URL is no http(s) address of AristoTelos: it does not begin with http:// or https://",
            "url       | https:///api                         | ARISTOTELOS_URL is no http(s) address of AristoTelos: it names no host",
            "url       | https://aristotelos.example.com/?a=1 | ARISTOTELOS_URL is no http(s) address of AristoTelos: it has a query or fragment",
            "url       | http://127.0.0.1:99999               | ARISTOTELOS_URL is no http(s) address of AristoTelos: its port 99999 is over 65535",
            "token-url | garbage                              | ARISTOTELOS_TOKEN_URL is no http(s) address: it does not begin with http:// or https://",
            "token-url | http://127.0.0.1:99999/t             | ARISTOTELOS_TOKEN_URL is no http(s) address: its port 99999 is over 65535",
            // Camel's consoles (endpoint, route-dump, service) showed the password of ARISTOTELOS_URL
            "url       | https://u:tokpw444@aristotelos.example.com | ARISTOTELOS_URL is no http(s) address of AristoTelos: it carries a user and password",
            "token-url | http://u:tokpw444@127.0.0.1:8091/t   | ARISTOTELOS_TOKEN_URL is no http(s) address: it carries a user and password",
    })
    void anAddressThatIsNoHttpAddressStopsTheStartNamingItsVariable(String property, String url, String message) {
        demo.withPropertyValues("bridge.aristotelos." + property + "=" + url).run(context -> assertThat(context).getFailure()
                .rootCause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message)
                .hasMessageContaining(property.equals("url") ? "e.g. https://aristotelos.example.com" : "or leave it unset")
                .hasMessageNotContaining("tokpw444"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://aristotelos.example.com          | https://aristotelos.example.com",
            "http://10.0.0.5:8080/                    | http://10.0.0.5:8080",
            "https://aristotelos.example.com/api/     | https://aristotelos.example.com",
            "HTTPS://host.example/at/api              | https://host.example/at",
            "https://host.example/tenant//            | https://host.example/tenant",
    })
    void theAristotelosBaseUrlHasNoTrailingSlashOrApi(String url, String base) {
        assertThat(BridgeProperties.Aristotelos.baseUrl(url)).isEqualTo(base);
    }

    /** A line break at its end (a Kubernetes secret, an env file) passed the check, and every token request failed on it. */
    @Test
    void theTokenUrlIsTakenWithoutTheBlanksAtItsEnds() {
        BridgeProperties.Aristotelos a = new BridgeProperties.Aristotelos("https://a.example", " https://idp.example/oauth/token\n",
                "id", "secret", false, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30));
        assertThat(a.effectiveTokenUrl()).isEqualTo("https://idp.example/oauth/token");
    }

    /**
     * Each entry named as written, a login in a URL hidden; names, ports, a trailing dot, IP addresses in any form (they
     * need no entry, and did nothing before), '*' and a trailing comma's empty entry are taken.
     */
    @Test
    void anAllowedHostThatIsNoHostNameIsNamed() {
        assertThatThrownBy(() -> new BridgeProperties.Management("admin", "", List.of("context"), Duration.ofSeconds(60),
                List.of("prometheus", "https://bridge.example.com")))
                .hasMessageContaining("MANAGEMENT_ALLOWED_HOSTS holds 'https://bridge.example.com', which is no host name");
        assertThatThrownBy(() -> new BridgeProperties.Management("admin", "", List.of("context"), Duration.ofSeconds(60),
                List.of("my bridge")))
                .hasMessageContaining("MANAGEMENT_ALLOWED_HOSTS holds 'my bridge'");
        assertThatThrownBy(() -> new BridgeProperties.Management("admin", "", List.of("context"), Duration.ofSeconds(60),
                List.of("http://ops:S3cret-pw@prometheus:9090/")))
                .hasMessageContaining("MANAGEMENT_ALLOWED_HOSTS holds 'http://***@prometheus:9090/'").hasMessageNotContaining("S3cret");
        assertThat(new BridgeProperties.Management("admin", "", List.of("context"), Duration.ofSeconds(60),
                List.of("prometheus", " bridge.internal:9090", "Bridge.Internal.", "my_service", "[fd00::1]:9090", "fd00::1",
                        "[fe80::1%eth0]", "10.0.0.7", "*", "")).allowedHosts()).hasSize(10);
    }

    /** No login ever succeeded with a secret file's line break in the password, and nothing said why. */
    @Test
    void aManagementPasswordWithALineBreakAtItsEndStopsTheStart() {
        // as the record is bound (the test's property values would be trimmed)
        assertThatThrownBy(() -> new BridgeProperties.Management("admin", "s3cret-Passw0rd\n", List.of("context"), Duration.ofSeconds(60), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MANAGEMENT_PASSWORD begins or ends with a space or a line break").hasMessageNotContaining("s3cret");
        assertThat(new BridgeProperties.Management("admin", "s3cret Passw0rd", List.of("context"), Duration.ofSeconds(60), List.of()).password())
                .as("a space inside").isEqualTo("s3cret Passw0rd");
    }

    /** Sent as they were: the token endpoint refused the client, and no management login could succeed (a config review). */
    @Test
    void aClientIdSecretOrUserWithASecretFilesLineBreakStopsTheStartWithoutShowingIt() {
        assertThatThrownBy(() -> new BridgeProperties.Aristotelos("https://a.example", "", "cid-77\n", "sec-99", false,
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ARISTOTELOS_CLIENT_ID begins or ends with a space or a line break").hasMessageNotContaining("cid-77");
        assertThatThrownBy(() -> new BridgeProperties.Aristotelos("https://a.example", "", "cid-77", "sec-99\n", false,
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ARISTOTELOS_CLIENT_SECRET begins or ends with a space or a line break").hasMessageNotContaining("sec-99");
        assertThatThrownBy(() -> new BridgeProperties.Management("admin\n", "s3cret-Passw0rd", List.of("context"), Duration.ofSeconds(60),
                List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MANAGEMENT_USER begins or ends with a space or a line break");
        assertThat(new BridgeProperties.Aristotelos("https://a.example", "", "cid 77", "sec 99", false, Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(30)).clientSecret()).as("a space inside").isEqualTo("sec 99");
    }

    /** A byte-order mark before the token stopped nothing: every reconciliation pass then logged the token whole. */
    @Test
    void aDaktelaTokenNoHeaderCanCarryStopsTheStartWithoutShowingIt() {
        demo.withPropertyValues("bridge.daktela.url=https://acme.daktela.com", "bridge.daktela.access-token=\uFEFFtok-secret-123")
                .run(context -> assertThat(context).getFailure().rootCause().isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("DAKTELA_ACCESS_TOKEN must be printable ASCII without spaces")
                        .hasMessageNotContaining("secret-123"));
        demo.withPropertyValues("bridge.daktela.url=https://acme.daktela.com", "bridge.daktela.access-token=tok-secret-123")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theTokenProviderNeedsTheClientCredentials() {
        BridgeProperties.Aristotelos none = new BridgeProperties.Aristotelos("https://a.example", "", "", "", false,
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30));
        assertThatThrownBy(none::requireClient)
                .hasMessageContaining("ARISTOTELOS_CLIENT_ID and ARISTOTELOS_CLIENT_SECRET must be set");
        assertThat(none.effectiveTokenUrl()).isEqualTo("https://a.example/oauth/token");
    }

    /** A shorter give-up-after counts as it is (one delivery thread: LoneRefusalsTest). */
    @Test
    void aStateHoldingOthersIsGivenUpAfterTheShorterOfTheTwo() {
        Duration tenMinutes = Duration.ofMinutes(10);
        assertThat(new BridgeProperties.Delivery(20, 1000, 60000, 10, tenMinutes, Duration.ofMinutes(1)).giveUpWhileHoldingOthers())
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(new BridgeProperties.Delivery(20, 100, 2000, 10, Duration.ofSeconds(6), Duration.ofMinutes(1)).giveUpWhileHoldingOthers())
                .isEqualTo(Duration.ofSeconds(6));
    }

    /** The longer wait is not used: the start says so, naming both settings (the re-read of 2026-12-06). */
    @Test
    void aWaitLongerThanGiveUpAfterIsWarnedAbout() {
        assertThat(new BridgeProperties.Delivery(20, 100, 2000, 10, Duration.ofSeconds(6), Duration.ofMinutes(1)).waitLongerThanGiveUpAfter())
                .contains("BRIDGE_DELIVERY_GIVE_UP_WHEN_OTHERS_WAIT (60s) is longer than BRIDGE_DELIVERY_GIVE_UP_AFTER (6s)")
                .contains("parked after 6s");
        assertThat(new BridgeProperties.Delivery(20, 1000, 60000, 10, Duration.ofMinutes(10), Duration.ofMinutes(1)).waitLongerThanGiveUpAfter())
                .isNull();
        assertThat(new BridgeProperties.Delivery(20, 1000, 60000, 10, Duration.ofMinutes(3), Duration.ofMinutes(3)).waitLongerThanGiveUpAfter())
                .isNull();
    }
}
