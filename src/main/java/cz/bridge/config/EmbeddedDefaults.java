package cz.bridge.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Fills in what a newcomer has not configured, so that the bridge runs out of the box:
 * without ARISTOTELOS_URL the built-in simulator is AristoTelos; without ARTEMIS_URL the
 * broker is embedded. Runs after application.yml is read (it has no order, so Spring runs it with the lowest
 * precedence, after the ConfigDataEnvironmentPostProcessor), and only adds defaults, except
 * bridge.demo, which says which of the two it is and cannot be set from outside.
 *
 * <p>The demo values (callback secret, management password) are published in the README, so in
 * demo mode the callback port listens on loopback only, unless SERVER_ADDRESS says otherwise; with
 * ARISTOTELOS_URL set, {@link BridgeProperties} refuses them.
 */
public class EmbeddedDefaults implements EnvironmentPostProcessor {

    static final String DEMO_CLIENT_ID = "demo-client";
    static final String DEMO_CLIENT_SECRET = "demo-secret";
    static final String DEMO_CALLBACK_SECRET = "change-me";
    static final String DEMO_MANAGEMENT_PASSWORD = "admin";
    static final String LOOPBACK = "127.0.0.1";
    static final String DEMO_RECONCILE_INTERVAL = "10s";

    private final Log log;

    public EmbeddedDefaults(DeferredLogFactory logs) {
        // the logging system is not set up yet: these lines are written once it is
        this.log = logs.getLog(EmbeddedDefaults.class);
    }

    /** The secrets' properties as application.yml reads them, and the variables that set them. */
    static final Map<String, String> SECRETS = Map.of("daktela.callback-secret", "DAKTELA_CALLBACK_SECRET",
            "daktela.access-token", "DAKTELA_ACCESS_TOKEN", "aristotelos.client-secret", "ARISTOTELOS_CLIENT_SECRET",
            "management.password", "MANAGEMENT_PASSWORD", "spring.artemis.password", "SPRING_ARTEMIS_PASSWORD");

    /** The secrets under the bridge's property names, and the property application.yml maps each from. */
    private static final Map<String, String> SECRET_PROPERTIES = Map.of("bridge.callback.secret", "daktela.callback-secret",
            "bridge.daktela.access-token", "daktela.access-token", "bridge.aristotelos.client-secret", "aristotelos.client-secret",
            "bridge.management.password", "management.password");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        refusePlaceholdersInSecrets(env);
        refuseUnusableSettings(env);
        Map<String, Object> defaults = new HashMap<>();
        boolean demo = env.getProperty("bridge.aristotelos.url", "").isBlank();
        defaults.put("bridge.demo", Boolean.toString(demo));
        if (!demo) {
            normaliseAristotelosUrl(env.getProperty("bridge.aristotelos.url", ""), defaults);
        } else {
            defaults.put("bridge.simulator.enabled", env.getProperty("bridge.simulator.enabled", "true"));
            // a placeholder, resolved when read, so that a port set later (by a test) is the one used
            defaults.put("bridge.aristotelos.url", "http://127.0.0.1:${bridge.simulator.port}");
            // each on its own: with only ARISTOTELOS_CLIENT_ID set the simulator got an empty secret
            Map.of("bridge.aristotelos.client-id", DEMO_CLIENT_ID, "bridge.aristotelos.client-secret", DEMO_CLIENT_SECRET,
                    "bridge.callback.secret", DEMO_CALLBACK_SECRET, "bridge.management.password", DEMO_MANAGEMENT_PASSWORD)
                    .forEach((property, demoValue) -> {
                        if (env.getProperty(property, "").isBlank()) {
                            defaults.put(property, demoValue);
                        }
                    });
            if (env.getProperty("server.address", "").isBlank()) {
                defaults.put("server.address", LOOPBACK);
                log.info("Demo mode (ARISTOTELOS_URL is not set): the built-in simulator is AristoTelos, and the callback "
                        + "port listens on " + LOOPBACK + " only; set SERVER_ADDRESS (e.g. 0.0.0.0) to take callbacks from other hosts");
            } else {
                log.info("Demo mode (ARISTOTELOS_URL is not set): the built-in simulator is AristoTelos; events go nowhere else");
            }
        }
        if (demo && env.getProperty("bridge.daktela.url", "").isBlank()) {
            defaults.put("bridge.daktela-simulator.enabled", env.getProperty("bridge.daktela-simulator.enabled", "true"));
            defaults.put("bridge.daktela.url", "http://127.0.0.1:${bridge.daktela-simulator.port}");
            defaults.put("bridge.daktela.access-token", "${bridge.daktela-simulator.token}");
            if (env.getProperty("daktela.reconcile-interval", "").isBlank() && !setUnderItsOwnName(env, "bridge.daktela.reconcile-interval")) {
                defaults.put("bridge.daktela.reconcile-interval", DEMO_RECONCILE_INTERVAL);
            }
        }
        // the simulators are route files, loaded only while they run (routes/demo)
        defaults.put("bridge.demo-routes", demoRoutes(env, defaults, "bridge.simulator.enabled", "aristotelos-simulator")
                + demoRoutes(env, defaults, "bridge.daktela-simulator.enabled", "daktela-simulator"));
        defaults.put("bridge.daktela.reconcile-active", "${bridge.daktela.reconcile-enabled:"
                + reconcileActive(env, defaults) + "}");
        refuseNumberWithoutUnit(setting(env, defaults, "bridge.daktela.reconcile-interval", ""), "DAKTELA_RECONCILE_INTERVAL", "60s");
        refuseNumberWithoutUnit(bound(env, "bridge.daktela.reconcile-grace", ""), "DAKTELA_RECONCILE_GRACE", "10s");
        inMilliseconds(env, defaults, "bridge.daktela.reconcile-interval", "60s");
        inMilliseconds(env, defaults, "bridge.storage.broker-restart-interval", "5s");
        inMilliseconds(env, defaults, "bridge.daktela.forget-logged-out-after", "30d");
        // stripped, as the check of its scheme reads it: Artemis's parser failed on a trailing line break with a stack
        // trace that quoted the whole address, a password in its query too
        String artemisUrl = env.getProperty("bridge.artemis-url", "").strip();
        if (!artemisUrl.isBlank()) {
            defaults.put("spring.artemis.mode", "native");
            defaults.put("spring.artemis.broker-url", artemisUrl);
            // Spring Boot makes the embedded broker whenever its classes are there, whatever the mode: without this
            // an unused broker started beside the external one, with a journal in BRIDGE_DATA_DIR and its lock
            defaults.put("spring.artemis.embedded.enabled", "false");
        }
        // first in line, so that these win over application.yml's empty values
        env.getPropertySources().addFirst(new MapPropertySource("bridgeEmbeddedDefaults", defaults));
    }

    /**
     * Spring reads "${" in any value as a placeholder: a secret holding one failed the start with the
     * whole secret in the log ("Could not resolve placeholder 'zz7' in value …"), or, as "${x:}", was
     * silently changed. Checked on the raw values, before anything resolves them, and refused naming
     * the variable only.
     */
    private static void refusePlaceholdersInSecrets(ConfigurableEnvironment env) {
        SECRETS.forEach((property, variable) -> {
            Object raw = raw(env, property);
            if (raw != null && raw.toString().contains("${")) {
                throw new SettingRefused(variable + " contains '${', which Spring reads as the start of a placeholder",
                        "choose a value without '${' (the value is not shown here)");
            }
        });
        // set under the bridge's own property names too (./application.yml, BRIDGE_MANAGEMENT_PASSWORD, --bridge....): only
        // application.yml's own mapping of the variable, ${management.password:}, is a placeholder there
        SECRET_PROPERTIES.forEach((property, mapped) -> {
            ConfigurationProperty set = setting(env, property);
            String value = set == null ? null : String.valueOf(set.getValue());
            if (value != null && value.contains("${") && !value.equals("${" + mapped + ":}")) {
                throw new SettingRefused(property + " contains '${', which Spring reads as the start of a placeholder",
                        "choose a value without '${' (the value is not shown here)");
            }
        });
    }


    /**
     * Settings the bridge cannot run with as meant, refused before anything starts, each saying what to write instead
     * (they failed later with words that named neither the setting nor the fix, or not at all).
     */
    private static void refuseUnusableSettings(ConfigurableEnvironment env) {
        Object aristotelosUrl = raw(env, "aristotelos.url");
        if (aristotelosUrl != null && aristotelosUrl.toString().isBlank()) {
            // set but empty (an empty line of a compose or unit file), it would run the demo, its simulator as
            // AristoTelos, under the production secrets
            throw new SettingRefused("ARISTOTELOS_URL is set but empty", "set it to AristoTelos's address "
                    + "(https://...), or remove it to run the demo with the built-in simulator");
        }
        refuseEmptyUnderItsOwnName(env, "bridge.aristotelos.url", "set it to AristoTelos's address (https://...), or remove it "
                + "(and ARISTOTELOS_URL) to run the demo with the built-in simulator");
        String dataDir = env.getProperty("bridge.data-dir", "./data");
        if (dataDir.isBlank()) {
            // set but empty, the journal would go to /artemis, outside a container's volume
            throw new SettingRefused("BRIDGE_DATA_DIR is set but empty", "set it to the folder for the durable "
                    + "queue (in Docker, the volume's), or remove it for ./data");
        }
        if (!dataDir.equals(dataDir.strip())) {
            // the broker's journal path is made from it as written (application.yml): " /srv/bridge" is a folder named " "
            // in the working directory, and the events would be stored outside the volume meant for them
            throw new SettingRefused("BRIDGE_DATA_DIR begins or ends with a space or a line break", "remove it (a path "
                    + "pasted from elsewhere, or a line break of a file it was read from)");
        }
        if (env.getProperty("bridge.mappings-file", "./mappings.yaml").isBlank()) {
            // set but empty, ./mappings.yaml would be read whatever file was meant
            throw new SettingRefused("MAPPINGS_FILE is set but empty", "set it to the mappings file's path, or remove it for ./mappings.yaml");
        }
        String routes = env.getProperty("bridge.routes-dir");
        if (routes != null && routes.isBlank()) {
            // an empty path is the working directory: the start then stopped on route files missing from it
            throw new SettingRefused("BRIDGE_ROUTES_DIR is set but empty", "set it to the folder of the route files, or remove it "
                    + "for ./routes");
        }
        if (routes != null && !Files.isDirectory(Path.of(routes))) {
            // Camel: "NoSuchFileException: ./routes" and nothing more
            throw new SettingRefused("there is no routes folder " + Path.of(routes).toAbsolutePath().normalize(),
                    "run the bridge from the project's folder, where routes/ and mappings.yaml are (/app in the Docker "
                    + "image), or set BRIDGE_ROUTES_DIR to the folder of the route files");
        }
        Integer port = port(env, "server.port");
        if (port != null && (port < 0 || port > 65535)) {
            // Spring Boot starts no web server for -1: a bridge without its callback port; over 65535, a stack trace
            throw new SettingRefused("SERVER_PORT is " + port, "give the callback port, 1 to 65535 (8080 by default)");
        }
        if (env.getProperty("management.server.address", LOOPBACK).isBlank()) {
            // Spring Boot binds an empty address to every interface: the port that must never be exposed, exposed
            throw new SettingRefused("MANAGEMENT_ADDRESS is set but empty", "set it to the address the management port binds "
                    + "to (0.0.0.0 to reach it from other hosts), or remove it for 127.0.0.1");
        }
        if (env.getProperty("management.server.port", "9090").isBlank()) {
            throw new SettingRefused("MANAGEMENT_PORT is set but empty", "give the management port, 1 to 65535, or remove it for 9090");
        }
        Integer managementPort = port(env, "management.server.port");
        if (managementPort != null && (managementPort < 0 || managementPort > 65535)) {
            // under 0 Spring Boot starts no management side: no health for Docker's check, no status page, no admin API
            throw new SettingRefused("MANAGEMENT_PORT is " + managementPort, "give the management port, 1 to 65535 (9090 by default)");
        }
        if (port != null && port > 0 && port.equals(port(env, "management.server.port"))) {
            // Spring Boot: the management side on the callback port, and a message about its address setting
            throw new SettingRefused("MANAGEMENT_PORT is SERVER_PORT's " + port, "give the management side a port of its "
                    + "own (9090 by default): it must never face the internet as the callback port does");
        }
        Object artemisSet = raw(env, "artemis.url");
        if (artemisSet != null && artemisSet.toString().isBlank()) {
            // the embedded broker, silently: instances meant to share a broker would each keep their own
            throw new SettingRefused("ARTEMIS_URL is set but empty", "set it to the external broker's address (tcp://mq1:61616), "
                    + "or remove it for the embedded broker");
        }
        refuseEmptyUnderItsOwnName(env, "bridge.artemis-url", "set it to the external broker's address (tcp://mq1:61616), "
                + "or remove it (and ARTEMIS_URL) for the embedded broker");
        String artemisUrl = env.getProperty("bridge.artemis-url", "").strip();
        if (!artemisUrl.isEmpty() && !artemisUrl.matches("^\\(?[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            // Artemis: "Schema mq1 not found", deep in the start of the broker connection
            throw new SettingRefused("ARTEMIS_URL has no scheme", "write it as the broker's acceptor address, e.g. "
                    + "tcp://mq1:61616, or (tcp://mq1:61616,tcp://mq2:61616)?ha=true for a cluster");
        }
    }

    /**
     * Empty under the property's own name (BRIDGE_ARISTOTELOS_URL=, an application.yml's bridge.aristotelos.url with no
     * value), which wins over the variable application.yml maps it from: the check of that variable did not see it, and
     * an empty AristoTelos address ran the demo under production settings, an empty broker address the embedded broker.
     * On the command line an empty value is said on purpose (--bridge.aristotelos.url= : the demo, whatever the
     * environment holds; the tests and the benchmark start so).
     */
    private static void refuseEmptyUnderItsOwnName(ConfigurableEnvironment env, String property, String fix) {
        ConfigurationProperty set = setting(env, property);
        if (set != null && String.valueOf(set.getValue()).isBlank()
                && !(set.getSource().getUnderlyingSource() instanceof CommandLinePropertySource<?>)) {
            throw new SettingRefused(property + " is set but empty" + (set.getOrigin() == null ? "" : " (" + set.getOrigin() + ")"), fix);
        }
    }

    /**
     * Set under the property's own name in any spelling the binder takes (BRIDGE_DAKTELA_RECONCILEINTERVAL,
     * --bridge.daktela.reconcile-interval=0), not only by application.yml's mapping of its variable (${daktela.…:60s}).
     */
    private static boolean setUnderItsOwnName(ConfigurableEnvironment env, String property) {
        ConfigurationProperty set = setting(env, property);
        return set != null && !String.valueOf(set.getValue()).startsWith("${");
    }

    /** The property as Spring reads it, in any spelling the binder takes: from the first of the sources that has it. */
    static ConfigurationProperty setting(Environment env, String name) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(env)) {
            ConfigurationProperty property = source.getConfigurationProperty(ConfigurationPropertyName.of(name));
            if (property != null) {
                return property;
            }
        }
        return null;
    }

    /** The value as the first source that has it holds it, before any placeholder in it is resolved; null for none. */
    private static Object raw(ConfigurableEnvironment env, String property) {
        for (PropertySource<?> source : env.getPropertySources()) {
            Object raw = source.getProperty(property);
            if (raw != null) {
                return raw;
            }
        }
        return null;
    }

    /** A port setting that is a number; null for none, or for one that is not (left to Spring's own message, which names it). */
    private static Integer port(ConfigurableEnvironment env, String property) {
        try {
            return Integer.valueOf(env.getProperty(property, "").strip());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    /**
     * The route files append paths to ARISTOTELOS_URL: they read it without a trailing slash or /api, as
     * the record does (BridgeProperties.Aristotelos.baseUrl). A URL that is no http(s) address is left to
     * the record, whose error names ARISTOTELOS_URL.
     */
    private static void normaliseAristotelosUrl(String url, Map<String, Object> defaults) {
        try {
            String base = BridgeProperties.Aristotelos.baseUrl(url);
            if (!base.equals(url)) {
                defaults.put("bridge.aristotelos.url", base);
            }
        } catch (IllegalArgumentException invalid) {
            // the binder's check stops the start, naming ARISTOTELOS_URL
        }
    }

    private static boolean isTrue(Object value) {
        try {
            return Boolean.TRUE.equals(ApplicationConversionService.getSharedInstance().convert(String.valueOf(value).trim(), Boolean.class));
        } catch (ConversionException notABoolean) {
            return false;
        }
    }

    /**
     * A value that is no boolean is left to the binder, whose error names the setting. A routes folder without the
     * simulator's file (BRIDGE_ROUTES_DIR copied without demo/) stops the start here: Camel said only
     * "FileNotFoundException: Resource not found" under a stack trace.
     */
    private static String demoRoutes(ConfigurableEnvironment env, Map<String, Object> defaults, String enabled, String file) {
        // as the binder reads a boolean (yes, on, 1 are true too): with "true" only, BRIDGE_SIMULATOR_ENABLED=yes loaded no
        // simulator route, and demo deliveries failed for ever
        if (!isTrue(defaults.get(enabled))) {
            return "";
        }
        Path routes = Path.of(env.getProperty("bridge.routes-dir", "./routes"));
        if (!Files.isRegularFile(routes.resolve("demo").resolve(file + ".camel.yaml"))) {
            throw new SettingRefused("the routes folder " + routes.toAbsolutePath().normalize() + " (BRIDGE_ROUTES_DIR) lacks demo/"
                    + file + ".camel.yaml, the demo's simulator", "copy the folder demo from this release's routes folder, "
                    + "or set ARISTOTELOS_URL" + (file.startsWith("daktela") ? " or DAKTELA_URL" : "")
                    + " to run without the simulator");
        }
        refuseTakenPort(env, enabled.replace(".enabled", ".port"), file.startsWith("daktela") ? "Daktela simulator" : "AristoTelos simulator");
        return ",file:${bridge.routes-dir}/demo/" + file + ".camel.yaml";
    }

    /**
     * A simulator's port held by another process stopped the start in Camel with two stack traces of some
     * 130 lines each, "BindException: Address already in use", naming neither the port nor its setting.
     * Probed as netty-http binds it (127.0.0.1, address reuse on); a port that is no number is left to the binder.
     */
    private static void refuseTakenPort(ConfigurableEnvironment env, String property, String simulator) {
        Integer port = port(env, property);
        if (port == null || port < 1 || port > 65535) {
            return;
        }
        String variable = property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
        // the bridge's own ports are free when this is asked, and taken a moment later: the start then failed with a stack
        // trace naming no setting, or blamed "another process"
        for (String[] own : new String[][] {{"server.port", "SERVER_PORT", "8080"}, {"management.server.port", "MANAGEMENT_PORT", "9090"}}) {
            Integer set = port(env, own[0]);
            if (port.equals(set == null ? Integer.valueOf(own[2]) : set)) {
                throw new SettingRefused("the demo's " + simulator + " (" + variable + ") and the bridge's " + own[1] + " are both "
                        + port, "set " + variable + " or " + own[1] + " to another port");
            }
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(LOOPBACK, port));
        } catch (IOException taken) {
            throw new SettingRefused("the demo's " + simulator + " cannot listen on " + LOOPBACK + ":" + port + " ("
                    + taken.getMessage() + ")", "stop the process that holds the port (another bridge's demo?), or set "
                    + variable + " to a free port");
        }
    }

    /** Spring's own reading of a duration (0ns, 0s, PT0M ... are all zero); one it cannot read is left to the binder's error. */
    private static boolean isZero(String interval) {
        try {
            return DurationStyle.detectAndParse(interval).isZero();
        } catch (IllegalArgumentException unreadable) {
            return false;
        }
    }

    /**
     * The route files' timers get a duration as Spring reads it, in milliseconds (PROPERTY-ms): Camel's
     * timer reads its own syntax, in which "5S", "1M" or "1D" are 0, a timer that fires once. One that
     * Spring cannot read is left to the binder, whose error names the setting.
     */
    /**
     * A number without a unit is milliseconds to Spring: DAKTELA_RECONCILE_INTERVAL=1800, meant as half an hour, read all
     * sessions every 1.8 s, and a grace of 10 let repairs overtake callbacks in flight (Daktela's times are whole seconds).
     * 0 (off, or no grace) is the same in every unit.
     */
    private static void refuseNumberWithoutUnit(String value, String variable, String example) {
        if (value.strip().matches("[+]?[0-9]*[1-9][0-9]*")) {
            throw new SettingRefused(variable + " is " + value.strip() + ", a number without a unit, which would be milliseconds",
                    "give the unit, such as " + example + " (s, m, h; ms for milliseconds)");
        }
    }

    private static void inMilliseconds(ConfigurableEnvironment env, Map<String, Object> defaults, String property, String fallback) {
        String value = setting(env, defaults, property, fallback);
        if (value.isBlank()) {
            value = fallback; // as the binder takes an empty value: the record's default
        }
        try {
            defaults.put(property + "-ms", Long.toString(DurationStyle.detectAndParse(value.trim()).toMillis()));
        } catch (IllegalArgumentException unreadable) {
            // no -ms value: the binder's error stops the start first
        }
    }

    /**
     * The value as the binder will find it for BridgeProperties, under any spelling it accepts
     * (bridge.daktela.reconcileInterval, BRIDGE_DAKTELA_RECONCILEINTERVAL ...), so that the route files'
     * timers and the record read the same setting.
     */
    private static String bound(ConfigurableEnvironment env, String property, String fallback) {
        return Binder.get(env).bind(property, String.class).orElse(fallback);
    }

    /** A default this class sets (the demo's) wins over the bound value, as it will in the environment. */
    private static String setting(ConfigurableEnvironment env, Map<String, Object> defaults, String property, String fallback) {
        return defaults.containsKey(property) ? (String) defaults.get(property) : bound(env, property, fallback);
    }

    /**
     * Reconciliation runs when its interval is not 0 and Daktela's URL and token are known; with only
     * one of the two it is off, and the log says which is missing.
     */
    private boolean reconcileActive(ConfigurableEnvironment env, Map<String, Object> defaults) {
        String interval = setting(env, defaults, "bridge.daktela.reconcile-interval", "60s");
        // an empty value is the binder's "not set" (the default, 60s), as for the timer's period above: not "off"
        boolean off = !interval.isBlank() && isZero(interval.trim());
        boolean url = defaults.containsKey("bridge.daktela.url") || !env.getProperty("bridge.daktela.url", "").isBlank();
        boolean token = defaults.containsKey("bridge.daktela.access-token") || !env.getProperty("bridge.daktela.access-token", "").isBlank();
        if (!off && url != token) {
            log.warn("Reconciliation with Daktela's live sessions is off: " + (url
                    ? "DAKTELA_URL is set but DAKTELA_ACCESS_TOKEN is not; set the token of a Daktela user who may read realtime sessions"
                    : "DAKTELA_ACCESS_TOKEN is set but DAKTELA_URL is not; set the address of the Daktela instance"));
        } else if (!off && !url && (raw(env, "daktela.reconcile-interval") != null || setUnderItsOwnName(env, "bridge.daktela.reconcile-interval"))) {
            // an interval asks for reconciliation: without either it was off without a word
            log.warn("Reconciliation with Daktela's live sessions is off: DAKTELA_RECONCILE_INTERVAL is set but DAKTELA_URL and "
                    + "DAKTELA_ACCESS_TOKEN are not; set both (the Daktela instance's address and the token of a user who may "
                    + "read realtime sessions), or remove the interval");
        }
        return !off && url && token;
    }
}
