package cz.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.util.TestSocketUtils;

/** Demo mode binds the callback port to loopback; production mode refuses missing and demo credentials. */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDefaultsTest {

    private final DeferredLogs logs = new DeferredLogs();

    private MockEnvironment postProcessed(MockEnvironment env) {
        new EmbeddedDefaults(logs).postProcessEnvironment(env, new SpringApplication());
        logs.switchOverAll();
        return env;
    }

    /** Spring failed on the placeholder with the whole secret in its message, or resolved '${x:}' to nothing. */
    @Test
    void aSecretHoldingAPlaceholderIsRefusedNamingTheVariableNotTheValue() {
        MockEnvironment password = new MockEnvironment().withProperty("management.password", "Xq9${zz7}Kp2");
        assertThatThrownBy(() -> postProcessed(password)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MANAGEMENT_PASSWORD contains '${'").hasMessageNotContaining("Xq9").hasMessageNotContaining("zz7");
        // as the variable comes from the environment
        StandardEnvironment fromVariables = new StandardEnvironment();
        fromVariables.getPropertySources().addFirst(new SystemEnvironmentPropertySource("variables",
                Map.of("DAKTELA_CALLBACK_SECRET", "ab${x:}cd")));
        assertThatThrownBy(() -> new EmbeddedDefaults(logs).postProcessEnvironment(fromVariables, new SpringApplication()))
                .hasMessageContaining("DAKTELA_CALLBACK_SECRET contains '${'").hasMessageNotContaining("ab$");
        // the external broker's password too (review 29: silently changed, and the broker refused a password known right)
        StandardEnvironment brokerPassword = new StandardEnvironment();
        brokerPassword.getPropertySources().addFirst(new SystemEnvironmentPropertySource("variables",
                Map.of("SPRING_ARTEMIS_PASSWORD", "p${x:}q")));
        assertThatThrownBy(() -> new EmbeddedDefaults(logs).postProcessEnvironment(brokerPassword, new SpringApplication()))
                .hasMessageContaining("SPRING_ARTEMIS_PASSWORD contains '${'").hasMessageNotContaining("p$");
        // set under the bridge's property names (./application.yml, BRIDGE_DAKTELA_ACCESSTOKEN): the same, before anything
        // resolves them (Spring's message quoted the whole token); application.yml's own mapping is no such value
        assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("bridge.management.password", "Q${a:b}7")))
                .hasMessageContaining("bridge.management.password contains '${'").hasMessageNotContaining("Q$");
        StandardEnvironment underItsName = new StandardEnvironment();
        // under the name Spring gives the variables' source, by which the binder reads them in their own spelling
        underItsName.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("BRIDGE_DAKTELA_ACCESSTOKEN", "tok${zz}en")));
        assertThatThrownBy(() -> new EmbeddedDefaults(logs).postProcessEnvironment(underItsName, new SpringApplication()))
                .hasMessageContaining("bridge.daktela.access-token contains '${'").hasMessageNotContaining("tok$");
        assertThat(postProcessed(new MockEnvironment().withProperty("bridge.management.password", "${management.password:}")
                .withProperty("management.password", "Xq9zz7Kp2")).getProperty("bridge.management.password")).isEqualTo("Xq9zz7Kp2");
        // a secret without one is taken as it is
        assertThat(postProcessed(new MockEnvironment().withProperty("management.password", "Xq9$zz7{Kp2}"))
                .getProperty("management.password")).isEqualTo("Xq9$zz7{Kp2}");
    }

    @Test
    void demoModeListensOnLoopbackAndSaysSo(CapturedOutput output) {
        MockEnvironment env = postProcessed(new MockEnvironment());
        assertThat(env.getProperty("server.address")).isEqualTo("127.0.0.1");
        assertThat(env.getProperty("bridge.demo")).isEqualTo("true");
        assertThat(output.getAll()).contains("the callback port listens on 127.0.0.1 only; set SERVER_ADDRESS")
                .doesNotContain(EmbeddedDefaults.DEMO_CALLBACK_SECRET);
    }

    @Test
    void anAddressTheOperatorSetIsKept(CapturedOutput output) {
        MockEnvironment env = postProcessed(new MockEnvironment().withProperty("server.address", "0.0.0.0"));
        assertThat(env.getProperty("server.address")).isEqualTo("0.0.0.0");
        assertThat(output.getAll()).doesNotContain("listens on 127.0.0.1")
                .contains("Demo mode (ARISTOTELOS_URL is not set): the built-in simulator is AristoTelos");
    }

    /** Half of what reconciliation needs turned it off without a word. */
    @Test
    void aDaktelaUrlWithoutItsTokenSaysThatReconciliationIsOff(CapturedOutput output) {
        MockEnvironment env = postProcessed(new MockEnvironment().withProperty("bridge.aristotelos.url", "https://aristotelos.example.com")
                .withProperty("bridge.daktela.url", "https://mycompany.daktela.com"));
        assertThat(env.getProperty("bridge.daktela.reconcile-active")).isEqualTo("false");
        assertThat(output.getAll()).contains("Reconciliation with Daktela's live sessions is off: DAKTELA_URL is set but "
                + "DAKTELA_ACCESS_TOKEN is not");
        // an interval without either (review 29)
        MockEnvironment intervalAlone = postProcessed(new MockEnvironment().withProperty("bridge.aristotelos.url", "https://aristotelos.example.com")
                .withProperty("daktela.reconcile-interval", "30s"));
        assertThat(intervalAlone.getProperty("bridge.daktela.reconcile-active")).isEqualTo("false");
        assertThat(output.getAll()).contains("Reconciliation with Daktela's live sessions is off: DAKTELA_RECONCILE_INTERVAL is set "
                + "but DAKTELA_URL and DAKTELA_ACCESS_TOKEN are not");
    }

    /**
     * MANAGEMENT_ADDRESS= bound the management port to every interface, MANAGEMENT_PORT=-1 started no management side
     * (no health for Docker's check), MANAGEMENT_PORT= failed in Spring's words, ARTEMIS_URL= started the embedded broker.
     */
    @Test
    void anEmptyManagementAddressOrPortANegativeManagementPortAndAnEmptyBrokerUrlAreRefused() {
        assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("management.server.address", "")))
                .hasMessageStartingWith("MANAGEMENT_ADDRESS is set but empty").hasMessageContaining("remove it for 127.0.0.1");
        assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("management.server.port", " ")))
                .hasMessageStartingWith("MANAGEMENT_PORT is set but empty");
        assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("management.server.port", "-1")))
                .hasMessageStartingWith("MANAGEMENT_PORT is -1: give the management port, 1 to 65535");
        StandardEnvironment emptyBroker = new StandardEnvironment();
        emptyBroker.getPropertySources().addFirst(new SystemEnvironmentPropertySource("variables", Map.of("ARTEMIS_URL", "")));
        assertThatThrownBy(() -> new EmbeddedDefaults(logs).postProcessEnvironment(emptyBroker, new SpringApplication()))
                .hasMessageStartingWith("ARTEMIS_URL is set but empty").hasMessageContaining("remove it for the embedded broker");
        assertThat(postProcessed(new MockEnvironment().withProperty("management.server.address", "0.0.0.0")
                .withProperty("management.server.port", "0")).getProperty("management.server.address")).isEqualTo("0.0.0.0");
    }

    /** Set but empty (ARISTOTELOS_URL= in a compose file), each changed what the bridge is, without a word. */
    @Test
    void anEmptyOrMissingSettingThatWouldChangeWhatTheBridgeIsIsRefused() {
        StandardEnvironment emptyUrl = new StandardEnvironment();
        emptyUrl.getPropertySources().addFirst(new SystemEnvironmentPropertySource("variables", Map.of("ARISTOTELOS_URL", " ")));
        assertThatThrownBy(() -> new EmbeddedDefaults(logs).postProcessEnvironment(emptyUrl, new SpringApplication()))
                .hasMessageStartingWith("ARISTOTELOS_URL is set but empty").hasMessageContaining("remove it to run the demo");
        // under the property's own name it wins over ARISTOTELOS_URL, and ran the demo under production settings (review 29)
        StandardEnvironment emptyOwnName = new StandardEnvironment();
        // under the name Spring gives the variables' source, by which the binder reads them in their own spelling
        emptyOwnName.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("BRIDGE_ARISTOTELOS_URL", "", "ARISTOTELOS_URL", "https://wfm.example.com")));
        assertThatThrownBy(() -> new EmbeddedDefaults(logs).postProcessEnvironment(emptyOwnName, new SpringApplication()))
                .hasMessageStartingWith("bridge.aristotelos.url is set but empty").hasMessageContaining("BRIDGE_ARISTOTELOS_URL")
                .hasMessageContaining("set it to AristoTelos's address");
        assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("bridge.aristotelos.url", " ")))
                .hasMessageStartingWith("bridge.aristotelos.url is set but empty");
        assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("bridge.artemis-url", "")))
                .hasMessageStartingWith("bridge.artemis-url is set but empty").hasMessageContaining("for the embedded broker");
        // said on purpose on the command line: the demo and the embedded broker, whatever the environment holds
        StandardEnvironment commandLine = new StandardEnvironment();
        commandLine.getPropertySources().addFirst(new org.springframework.core.env.SimpleCommandLinePropertySource(
                "--bridge.aristotelos.url=", "--bridge.artemis-url="));
        new EmbeddedDefaults(logs).postProcessEnvironment(commandLine, new SpringApplication());
        assertThat(commandLine.getProperty("bridge.demo")).isEqualTo("true");
        assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("bridge.data-dir", "")))
                .hasMessageStartingWith("BRIDGE_DATA_DIR is set but empty");
        // " /srv/bridge" (a pasted path) was a relative folder named " ": the journal inside the working directory
        assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("bridge.data-dir", " /srv/bridge")))
                .hasMessageStartingWith("BRIDGE_DATA_DIR begins or ends with a space or a line break")
                .hasMessageContaining("remove it");
        assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("bridge.data-dir", "/srv/bridge\n")))
                .hasMessageStartingWith("BRIDGE_DATA_DIR begins or ends with a space or a line break");
        assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("bridge.routes-dir", "./no-such-routes")))
                .hasMessageStartingWith("there is no routes folder ").hasMessageContaining("no-such-routes")
                .hasMessageContaining("run the bridge from the project's folder");
        assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("server.port", "-1")))
                .hasMessageStartingWith("SERVER_PORT is -1: give the callback port");
        // a stack trace ending in "port out of range:70000" before
        assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("server.port", "70000")))
                .hasMessageStartingWith("SERVER_PORT is 70000: give the callback port, 1 to 65535");
        assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("management.server.port", "70000")))
                .hasMessageStartingWith("MANAGEMENT_PORT is 70000: give the management port, 1 to 65535");
        assertThat(postProcessed(new MockEnvironment().withProperty("server.port", "0")).getProperty("server.port"))
                .as("a port chosen at start (tests)").isEqualTo("0");
        assertThat(postProcessed(new MockEnvironment().withProperty("server.port", "abc")).getProperty("server.port"))
                .as("no number: left to Spring's message, which names SERVER_PORT").isEqualTo("abc");
        assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("bridge.artemis-url", "mq1:61616")))
                .hasMessageStartingWith("ARTEMIS_URL has no scheme: write it as the broker's acceptor address, e.g. tcp://mq1:61616");
        assertThat(postProcessed(new MockEnvironment().withProperty("bridge.artemis-url", "(tcp://mq1:61616,tcp://mq2:61616)?ha=true"))
                .getProperty("spring.artemis.broker-url")).isEqualTo("(tcp://mq1:61616,tcp://mq2:61616)?ha=true");
        // a secret file's line break: Artemis's parser failed on it with a stack trace quoting the address, its password too
        assertThat(postProcessed(new MockEnvironment().withProperty("bridge.artemis-url", "tcp://mq1:61616\n"))
                .getProperty("spring.artemis.broker-url")).isEqualTo("tcp://mq1:61616");
        assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("server.port", "8080")
                .withProperty("management.server.port", "8080"))).hasMessageStartingWith("MANAGEMENT_PORT is SERVER_PORT's 8080");
        // set, each is taken
        assertThat(postProcessed(new MockEnvironment().withProperty("aristotelos.url", "https://aristotelos.example.com")
                .withProperty("bridge.data-dir", "/var/lib/bridge")).getProperty("bridge.data-dir")).isEqualTo("/var/lib/bridge");
    }

    @Test
    void productionModeListensWhereverSpringDefaultsToAndCannotClaimToBeADemo() {
        MockEnvironment env = postProcessed(new MockEnvironment()
                .withProperty("bridge.aristotelos.url", "https://aristotelos.example.com")
                .withProperty("bridge.demo", "true"));
        assertThat(env.getProperty("server.address")).isNull();
        assertThat(env.getProperty("bridge.demo")).isEqualTo("false");
        assertThat(env.getProperty("bridge.callback.secret")).isNull();
        assertThat(env.getProperty("bridge.management.password")).isNull();
    }

    @Test
    void theRoutesReadAristotelosUrlWithoutTheTrailingSlash_soThatTheyDoNotPostToDoubleSlashApi() {
        MockEnvironment env = postProcessed(new MockEnvironment().withProperty("bridge.aristotelos.url", "http://10.0.0.5:8080/"));
        assertThat(env.getProperty("bridge.demo")).isEqualTo("false");
        assertThat(env.resolvePlaceholders("${bridge.aristotelos.url}/api/UpdateAgentStatus"))
                .isEqualTo("http://10.0.0.5:8080/api/UpdateAgentStatus");

        env = postProcessed(new MockEnvironment().withProperty("bridge.aristotelos.url", "https://aristotelos.example.com/api"));
        assertThat(env.getProperty("bridge.aristotelos.url")).isEqualTo("https://aristotelos.example.com");
    }

    @Test
    void anAristotelosUrlThatIsNoHttpAddressIsLeftToTheRecordsCheck() {
        MockEnvironment env = postProcessed(new MockEnvironment().withProperty("bridge.aristotelos.url", "aristotelos.example.com"));
        assertThat(env.getProperty("bridge.aristotelos.url")).isEqualTo("aristotelos.example.com");
    }

    @Test
    void demoModeReconcilesAgainstTheBuiltInDaktelaEveryTenSeconds() {
        // the URL follows the simulator's port, whichever it is (application.yml gives 8092)
        int port = TestSocketUtils.findAvailableTcpPort();
        MockEnvironment env = postProcessed(new MockEnvironment().withProperty("bridge.daktela-simulator.port", Integer.toString(port)));
        assertThat(env.getProperty("bridge.daktela-simulator.enabled")).isEqualTo("true");
        assertThat(env.getProperty("bridge.daktela.url")).isEqualTo("http://127.0.0.1:" + port);
        assertThat(env.getProperty("bridge.daktela.reconcile-interval")).isEqualTo("10s");
        assertThat(env.getProperty("bridge.daktela.reconcile-active")).isEqualTo("true");
    }

    /** The demo's 10 s is a default: set under the setting's own name in any spelling, the operator's value stands. */
    @Test
    void demoModeKeepsAnIntervalSetUnderItsOwnName() {
        // as application.yml maps the documented variable: not a value of the operator's
        MockEnvironment mapped = postProcessed(new MockEnvironment().withProperty("bridge.daktela.reconcile-interval", "${daktela.reconcile-interval:60s}"));
        assertThat(mapped.getProperty("bridge.daktela.reconcile-interval")).isEqualTo("10s");
        for (String name : new String[] {"bridge.daktela.reconcile-interval", "bridge.daktela.reconcileInterval"}) {
            MockEnvironment off = postProcessed(new MockEnvironment().withProperty(name, "0"));
            assertThat(off.getProperty("bridge.daktela.reconcile-active")).as(name).isEqualTo("false");
            assertThat(off.getProperty("bridge.daktela.reconcile-interval-ms")).as(name).isEqualTo("0");
        }
        MockEnvironment slower = postProcessed(new MockEnvironment().withProperty("bridge.daktela.reconcile-interval", "30s"));
        assertThat(slower.getProperty("bridge.daktela.reconcile-interval-ms")).isEqualTo("30000");
    }

    /** With only ARISTOTELOS_CLIENT_ID set, the demo's simulator got an empty client secret. */
    @Test
    void demoModeFillsInEachClientCredentialOnItsOwn() {
        MockEnvironment idOnly = postProcessed(new MockEnvironment().withProperty("bridge.aristotelos.client-id", "mine"));
        assertThat(idOnly.getProperty("bridge.aristotelos.client-id")).isEqualTo("mine");
        assertThat(idOnly.getProperty("bridge.aristotelos.client-secret")).isEqualTo("demo-secret");
        MockEnvironment secretOnly = postProcessed(new MockEnvironment().withProperty("bridge.aristotelos.client-secret", "s3"));
        assertThat(secretOnly.getProperty("bridge.aristotelos.client-id")).isEqualTo("demo-client");
        assertThat(secretOnly.getProperty("bridge.aristotelos.client-secret")).isEqualTo("s3");
    }

    @Test
    void theSimulatorsRouteFilesAreLoadedOnlyWhileTheyRun() {
        String aristotelos = ",file:${bridge.routes-dir}/demo/aristotelos-simulator.camel.yaml";
        String daktela = ",file:${bridge.routes-dir}/demo/daktela-simulator.camel.yaml";
        // read unresolved: ${bridge.routes-dir} is application.yml's
        assertThat(postProcessed(new MockEnvironment()).getPropertySources().get("bridgeEmbeddedDefaults").getProperty("bridge.demo-routes"))
                .isEqualTo(aristotelos + daktela);
        assertThat(postProcessed(new MockEnvironment().withProperty("bridge.daktela.url", "https://mycompany.daktela.com"))
                .getPropertySources().get("bridgeEmbeddedDefaults").getProperty("bridge.demo-routes")).isEqualTo(aristotelos);
        assertThat(postProcessed(new MockEnvironment().withProperty("bridge.simulator.enabled", "FALSE")
                .withProperty("bridge.daktela-simulator.enabled", "false"))
                .getPropertySources().get("bridgeEmbeddedDefaults").getProperty("bridge.demo-routes")).isEqualTo("");
        assertThat(postProcessed(new MockEnvironment().withProperty("bridge.aristotelos.url", "https://aristotelos.example.com")
                .withProperty("bridge.simulator.enabled", "true")).getPropertySources().get("bridgeEmbeddedDefaults").getProperty("bridge.demo-routes"))
                .as("production mode never loads them").isEqualTo("");
        // and Camel reads them only through this property, appended to the route files' pattern
        assertThat(applicationYml()).contains("routes-include-pattern: file:${bridge.routes-dir}/*.camel.yaml${bridge.demo-routes:}\n");
        MockEnvironment notABoolean = postProcessed(new MockEnvironment().withProperty("bridge.simulator.enabled", "ja"));
        assertThat(notABoolean.getPropertySources().get("bridgeEmbeddedDefaults").getProperty("bridge.demo-routes"))
                .as("left to the binder, whose error names the setting").isEqualTo(daktela);
        // the binder takes yes, on and 1 as true: so are the simulators' routes loaded (before, only "true" loaded them)
        for (String yes : new String[] {"yes", "on", "1", " TRUE "}) {
            assertThat(postProcessed(new MockEnvironment().withProperty("bridge.simulator.enabled", yes)
                    .withProperty("bridge.daktela-simulator.enabled", yes)).getPropertySources().get("bridgeEmbeddedDefaults")
                    .getProperty("bridge.demo-routes")).as(yes).isEqualTo(aristotelos + daktela);
        }
    }

    @Test
    void aSimulatorsPortThatAnotherProcessHoldsIsRefusedNamingItsVariable() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String port = Integer.toString(taken.getLocalPort());
            assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("bridge.simulator.port", port)))
                    .isInstanceOf(SettingRefused.class)
                    .hasMessageStartingWith("the demo's AristoTelos simulator cannot listen on 127.0.0.1:" + port + " (")
                    .hasMessageEndingWith("stop the process that holds the port (another bridge's demo?), or set BRIDGE_SIMULATOR_PORT to a free port");
            assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("bridge.daktela-simulator.port", port)))
                    .isInstanceOf(SettingRefused.class)
                    .hasMessageStartingWith("the demo's Daktela simulator cannot listen on 127.0.0.1:" + port + " (")
                    .hasMessageContaining("or set BRIDGE_DAKTELASIMULATOR_PORT to a free port");
            assertThat(postProcessed(new MockEnvironment().withProperty("bridge.aristotelos.url", "https://aristotelos.example.com")
                    .withProperty("bridge.daktela.url", "https://mycompany.daktela.com")
                    .withProperty("bridge.simulator.port", port).withProperty("bridge.daktela-simulator.port", port))
                    .getProperty("bridge.demo")).as("production mode starts no simulator: its port is not looked at").isEqualTo("false");
        }
    }

    /** An empty path is the working directory: the start stopped on route files "missing" from it (a review of the configuration). */
    @Test
    void anEmptyRoutesFolderIsRefused() {
        assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("bridge.routes-dir", "")))
                .isInstanceOf(SettingRefused.class)
                .hasMessageStartingWith("BRIDGE_ROUTES_DIR is set but empty: set it to the folder of the route files");
    }

    /**
     * The bridge's own ports are free when the simulators' are probed, and taken a moment later: SERVER_PORT=8091 failed
     * the start with a stack trace naming no setting, or blamed "another process" (a review of the configuration).
     */
    @Test
    void aSimulatorOnTheBridgesOwnPortIsRefusedNamingBoth() {
        // the simulator's port as application.yml gives it
        assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("server.port", "8091").withProperty("bridge.simulator.port", "8091")))
                .isInstanceOf(SettingRefused.class)
                .hasMessageStartingWith("the demo's AristoTelos simulator (BRIDGE_SIMULATOR_PORT) and the bridge's SERVER_PORT are both 8091")
                .hasMessageEndingWith("set BRIDGE_SIMULATOR_PORT or SERVER_PORT to another port");
        assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("bridge.daktela-simulator.port", "9090")))
                .isInstanceOf(SettingRefused.class)
                .hasMessageStartingWith("the demo's Daktela simulator (BRIDGE_DAKTELASIMULATOR_PORT) and the bridge's MANAGEMENT_PORT are both 9090");
    }

    @Test
    void productionModeNeverStartsTheDaktelaSimulatorAndReconcilesOnlyWithUrlAndToken() {
        MockEnvironment withoutDaktela = postProcessed(new MockEnvironment()
                .withProperty("bridge.aristotelos.url", "https://aristotelos.example.com"));
        assertThat(withoutDaktela.getProperty("bridge.daktela-simulator.enabled")).isNull();
        assertThat(withoutDaktela.getProperty("bridge.daktela.reconcile-active")).isEqualTo("false");
        MockEnvironment withDaktela = postProcessed(new MockEnvironment()
                .withProperty("bridge.aristotelos.url", "https://aristotelos.example.com")
                .withProperty("bridge.daktela.url", "https://mycompany.daktela.com")
                .withProperty("bridge.daktela.access-token", "t"));
        assertThat(withDaktela.getProperty("bridge.daktela-simulator.enabled")).isNull();
        assertThat(withDaktela.getProperty("bridge.daktela.reconcile-active")).isEqualTo("true");
        assertThat(withDaktelaAndInterval("0").getProperty("bridge.daktela.reconcile-active")).isEqualTo("false");
        // every way Spring reads a zero duration is "off", not only the ones a pattern listed
        for (String zero : new String[] {"0ns", "0us", "PT0M", "0d"}) {
            assertThat(withDaktelaAndInterval(zero).getProperty("bridge.daktela.reconcile-active")).as(zero).isEqualTo("false");
        }
        // an empty value (a compose file's DAKTELA_RECONCILE_INTERVAL: ${DAKTELA_RECONCILE_INTERVAL} with nothing on the
        // host) is the default 60s, as the record and the timer read it: it turned reconciliation off without a word
        MockEnvironment empty = withDaktelaAndInterval("");
        assertThat(empty.getProperty("bridge.daktela.reconcile-active")).isEqualTo("true");
        assertThat(empty.getProperty("bridge.daktela.reconcile-interval-ms")).isEqualTo("60000");
    }

    /** Production mode with Daktela's URL and token, and this reconciliation interval. */
    private MockEnvironment withDaktelaAndInterval(String interval) {
        return postProcessed(new MockEnvironment()
                .withProperty("bridge.aristotelos.url", "https://aristotelos.example.com")
                .withProperty("bridge.daktela.url", "https://mycompany.daktela.com")
                .withProperty("bridge.daktela.access-token", "t")
                .withProperty("bridge.daktela.reconcile-interval", interval));
    }

    /** Camel's timer reads "5S" or "1M" as 0 (a timer that fires once): the route files get Spring's reading in milliseconds. */
    @Test
    void theRouteFilesTimersGetTheIntervalsAsSpringReadsThem() {
        String[][] cases = {{"5s", "5000"}, {"5S", "5000"}, {"1M", "60000"}, {"500MS", "500"}, {"1D", "86400000"},
                {"PT5S", "5000"}, {"100000us", "100"}};
        for (String[] c : cases) {
            MockEnvironment env = postProcessed(new MockEnvironment()
                    .withProperty("bridge.aristotelos.url", "https://aristotelos.example.com")
                    .withProperty("bridge.daktela.reconcile-interval", c[0])
                    .withProperty("bridge.storage.broker-restart-interval", c[0]));
            assertThat(env.getProperty("bridge.daktela.reconcile-interval-ms")).as(c[0]).isEqualTo(c[1]);
            assertThat(env.getProperty("bridge.storage.broker-restart-interval-ms")).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(postProcessed(new MockEnvironment().withProperty("bridge.storage.broker-restart-interval", "7000"))
                .getProperty("bridge.storage.broker-restart-interval-ms")).as("a number alone: milliseconds").isEqualTo("7000");
        MockEnvironment defaults = postProcessed(new MockEnvironment().withProperty("bridge.aristotelos.url", "https://a.example.com"));
        assertThat(defaults.getProperty("bridge.daktela.reconcile-interval-ms")).isEqualTo("60000");
        assertThat(defaults.getProperty("bridge.storage.broker-restart-interval-ms")).isEqualTo("5000");
        assertThat(defaults.getProperty("bridge.daktela.forget-logged-out-after-ms")).isEqualTo("2592000000");
        assertThat(postProcessed(new MockEnvironment().withProperty("bridge.daktela.forget-logged-out-after", "7d"))
                .getProperty("bridge.daktela.forget-logged-out-after-ms")).isEqualTo("604800000");
        // an empty value (DAKTELA_RECONCILE_INTERVAL=) is the binder's "not set": the default, not a missing -ms value
        MockEnvironment blank = postProcessed(new MockEnvironment().withProperty("bridge.aristotelos.url", "https://a.example.com")
                .withProperty("bridge.daktela.reconcile-interval", " ").withProperty("bridge.storage.broker-restart-interval", ""));
        assertThat(blank.getProperty("bridge.daktela.reconcile-interval-ms")).isEqualTo("60000");
        assertThat(blank.getProperty("bridge.storage.broker-restart-interval-ms")).isEqualTo("5000");
        assertThat(postProcessed(new MockEnvironment()).getProperty("bridge.daktela.reconcile-interval-ms")).as("demo").isEqualTo("10000");
    }

    /**
     * Reconciliation's interval and grace as a number alone, milliseconds to Spring (review 29): 1800, meant as half an hour,
     * read every session every 1.8 s; a grace of 10 let repairs overtake callbacks in flight. 0 is 0 in every unit.
     */
    @Test
    void reconciliationsIntervalOrGraceAsANumberWithoutAUnitIsRefused() {
        assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("bridge.daktela.reconcile-interval", "1800")))
                .hasMessageStartingWith("DAKTELA_RECONCILE_INTERVAL is 1800, a number without a unit, which would be milliseconds")
                .hasMessageContaining("give the unit, such as 60s");
        // through application.yml's mapping of the variable
        assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("daktela.reconcile-grace", "10")
                .withProperty("bridge.daktela.reconcile-grace", "${daktela.reconcile-grace:10s}")))
                .hasMessageStartingWith("DAKTELA_RECONCILE_GRACE is 10, a number without a unit");
        // signed, as Spring's reading of a duration takes it
        assertThatThrownBy(() -> postProcessed(new MockEnvironment().withProperty("bridge.daktela.reconcile-interval", "+1800")))
                .hasMessageStartingWith("DAKTELA_RECONCILE_INTERVAL is +1800, a number without a unit");
        assertThat(postProcessed(new MockEnvironment().withProperty("bridge.daktela.reconcile-interval", "0"))
                .getProperty("bridge.daktela.reconcile-interval-ms")).isEqualTo("0");
        assertThat(postProcessed(new MockEnvironment().withProperty("bridge.daktela.reconcile-grace", "0")
                .withProperty("bridge.daktela.reconcile-interval", "1800ms")).getProperty("bridge.daktela.reconcile-interval-ms"))
                .isEqualTo("1800");
    }

    /** The binder takes a setting under other spellings too; the timers must read what the record reads. */
    @Test
    void theTimersReadAnIntervalUnderAnySpellingTheBinderTakes() {
        MockEnvironment camelCase = postProcessed(new MockEnvironment().withProperty("bridge.aristotelos.url", "https://a.example.com")
                .withProperty("bridge.daktela.reconcileInterval", "7s").withProperty("bridge.storage.brokerRestartInterval", "3s"));
        assertThat(camelCase.getProperty("bridge.daktela.reconcile-interval-ms")).isEqualTo("7000");
        assertThat(camelCase.getProperty("bridge.storage.broker-restart-interval-ms")).isEqualTo("3000");
        MockEnvironment off = postProcessed(new MockEnvironment().withProperty("bridge.aristotelos.url", "https://a.example.com")
                .withProperty("bridge.daktela.url", "https://d.example.com").withProperty("bridge.daktela.access-token", "t")
                .withProperty("bridge.daktela.reconcileInterval", "0"));
        assertThat(off.getProperty("bridge.daktela.reconcile-active")).isEqualTo("false");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BridgeProperties.class)
    static class PropertiesOnly {
    }

    private final ApplicationContextRunner production = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class)
            .withPropertyValues("bridge.demo=false");

    @Test
    void productionModeStartsWithCredentialsOfItsOwn() {
        production.withPropertyValues("bridge.callback.secret=a-secret-of-our-own", "bridge.management.password=s3cret",
                        "bridge.aristotelos.client-id=bridge", "bridge.aristotelos.client-secret=client-s3cret")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void productionModeRefusesMissingCredentialsNamingTheVariables() {
        // every missing one in the one message, so that one restart fixes them all
        production.run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining("DAKTELA_CALLBACK_SECRET is not set")
                .hasMessageContaining("MANAGEMENT_PASSWORD is not set")
                .hasMessageContaining("ARISTOTELOS_CLIENT_ID and ARISTOTELOS_CLIENT_SECRET must be set"));
        production.withPropertyValues("bridge.callback.secret= ", "bridge.management.password=s3cret",
                        "bridge.aristotelos.client-id=bridge", "bridge.aristotelos.client-secret=client-s3cret")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("DAKTELA_CALLBACK_SECRET is not set")
                        .hasMessageNotContaining("MANAGEMENT_PASSWORD").hasMessageNotContaining("ARISTOTELOS_CLIENT"));
        for (String onlyOne : new String[] {"bridge.aristotelos.client-id=bridge", "bridge.aristotelos.client-secret=client-s3cret"}) {
            production.withPropertyValues("bridge.callback.secret=a-secret-of-our-own", "bridge.management.password=s3cret", onlyOne)
                    .run(context -> assertThat(context).getFailure().rootCause()
                            .hasMessageContaining("ARISTOTELOS_CLIENT_ID and ARISTOTELOS_CLIENT_SECRET must be set")
                            .hasMessageNotContaining("DAKTELA_CALLBACK_SECRET").hasMessageNotContaining("MANAGEMENT_PASSWORD"));
        }
    }

    @Test
    void productionModeRefusesTheDemoCredentials() {
        production.withPropertyValues("bridge.callback.secret=change-me", "bridge.management.password=admin",
                        "bridge.aristotelos.client-id=bridge", "bridge.aristotelos.client-secret=client-s3cret")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("DAKTELA_CALLBACK_SECRET is the demo value change-me")
                        .hasMessageContaining("MANAGEMENT_PASSWORD is the demo value admin"));
        production.withPropertyValues("bridge.callback.secret=a-secret-of-our-own", "bridge.management.password=admin",
                        "bridge.aristotelos.client-id=bridge", "bridge.aristotelos.client-secret=client-s3cret")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("MANAGEMENT_PASSWORD is the demo value admin")
                        .hasMessageNotContaining("DAKTELA_CALLBACK_SECRET"));
    }

    @Test
    void demoModeTakesTheDemoCredentials() {
        new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class)
                .withPropertyValues("bridge.demo=true", "bridge.callback.secret=change-me", "bridge.management.password=admin")
                .run(context -> assertThat(context).hasNotFailed());
    }

    private static String applicationYml() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("src/main/resources/application.yml"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
