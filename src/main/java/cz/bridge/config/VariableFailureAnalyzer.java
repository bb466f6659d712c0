package cz.bridge.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import cz.bridge.logging.OneLine;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginProvider;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * A variable whose value cannot be read (DAKTELA_TIME_ZONE=Europe/Praha, BRIDGE_STORAGE_MEMORY=abc): names the
 * variable, its value, why it cannot be read and what a good value looks like, where Spring's report names
 * application.yml's placeholder or the property's class. Handles a {@link BindException} (BridgeProperties) and an
 * {@link InvalidConfigurationPropertyValueException} (server.port); a value set under the property's own name is left
 * to Spring, which names where it was set.
 */
public class VariableFailureAnalyzer extends AbstractFailureAnalyzer<RuntimeException> implements Ordered {

    /** application.yml's mapping of a variable: ${daktela.time-zone:Europe/Prague}, ${MANAGEMENT_PORT:9090}. */
    private static final Pattern MAPPED = Pattern.compile("^\\$\\{([A-Za-z0-9._-]+):?[^}]*}$");

    /** The types of the whole-number settings: told as such, not as "a int". */
    private static final Set<Class<?>> WHOLE_NUMBERS = Set.of(int.class, Integer.class, long.class, Long.class);

    private final Environment environment;

    public VariableFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    /** Before Spring Boot's analyzers of the same failures. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** Called for any failure (both causes are runtime exceptions); each is looked for in the chain. */
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RuntimeException anyCause) {
        BindException bind = findCause(rootFailure, BindException.class);
        if (bind != null) {
            ConfigurationProperty property = bind.getProperty();
            if (property == null || property.getValue() == null) {
                return null;
            }
            Class<?> type = bind.getTarget().getType().resolve(Object.class);
            String why = NestedExceptionUtils.getMostSpecificCause(bind).getMessage();
            return analysis(property.getValue(), property.getOrigin(), "as a " + (WHOLE_NUMBERS.contains(type) ? "whole number"
                    : type.getSimpleName()) + (why == null ? "" : ": " + OneLine.of(why, 200)), form(type), bind);
        }
        InvalidConfigurationPropertyValueException invalid = findCause(rootFailure, InvalidConfigurationPropertyValueException.class);
        // the value as set, where the exception may have its placeholder resolved
        ConfigurationProperty set = invalid == null ? null : EmbeddedDefaults.setting(environment, invalid.getName());
        if (set == null || set.getValue() == null) {
            return null;
        }
        // Spring's message gives the type only as text ("Failed to convert to type java.lang.Integer"); a number's
        // failure is told by its cause
        Class<?> type = NestedExceptionUtils.getMostSpecificCause(invalid) instanceof NumberFormatException ? Integer.class : Object.class;
        return analysis(set.getValue(), set.getOrigin(), "(" + OneLine.of(invalid.getReason(), 200) + ")", form(type), invalid);
    }

    private FailureAnalysis analysis(Object setValue, Origin origin, String why, String form, Throwable cause) {
        Matcher mapped = MAPPED.matcher(setValue.toString());
        String variable;
        String value;
        if (mapped.matches()) {
            String key = mapped.group(1);
            variable = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            value = environment.getProperty(key);
        } else if (environmentVariable(origin) instanceof SystemEnvironmentOrigin bound) {
            // a variable Spring binds by its relaxed name (BRIDGE_STORAGE_MEMORY to bridge.storage.memory)
            variable = bound.getProperty();
            value = setValue.toString();
        } else {
            return null;
        }
        boolean secret = EmbeddedDefaults.SECRETS.containsValue(variable);
        String shown = value == null ? "" : secret ? " (the value is not shown)" : " is " + OneLine.quoted(OneLine.of(value, 80));
        return new FailureAnalysis(variable + shown + ", which cannot be read " + why,
                "set " + variable + " to " + form + ", or remove it for its default", cause);
    }

    /** The origin as Spring gives it for a variable: itself, or wrapped in its property source's (PropertySourceOrigin). */
    private static Origin environmentVariable(Origin origin) {
        return origin instanceof OriginProvider wrapped && !(origin instanceof SystemEnvironmentOrigin) ? wrapped.getOrigin() : origin;
    }

    private static String form(Class<?> type) {
        if (type == DataSize.class) {
            return "a size such as 8MB or 256KB (B, KB, MB, GB; a plain number is bytes)";
        }
        if (WHOLE_NUMBERS.contains(type)) {
            return "a whole number";
        }
        if (type == Duration.class) {
            return "a duration such as 30s, 500ms, 5m or 48h (ms, s, m, h, d; a plain number is milliseconds)";
        }
        if (type.isEnum()) {
            // BRIDGE_UNMAPPED_PAUSE=skip was told "a value of the form the README's Configuration gives", whose table has no row for it
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .collect(Collectors.joining(", "));
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        // docs/configuration.md, which the answer names for the other types, has no row for a time zone
        if (type == java.time.ZoneId.class) {
            return "a time zone of the IANA database, such as Europe/Prague or Europe/Bratislava";
        }
        return "a value of the form docs/configuration.md gives";
    }
}
