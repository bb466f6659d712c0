package cz.bridge.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cz.bridge.logging.OneLine;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.OriginProvider;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * A variable whose value cannot be read (DAKTELA_TIME_ZONE=Europe/Praha, BRIDGE_STORAGE_MEMORY=abc, a duration
 * 'ten'). Spring's own report named the placeholder in the jar's application.yml for a variable mapped there
 * ("Value: ${daktela.time-zone:Europe/Prague}"), or the property's name, class names and a pattern for one it
 * binds itself, and for both "Update your application's configuration". This one names the variable, its value,
 * why it cannot be read and, for a size or a duration, what one looks like. A value set under the property's own
 * name (application.yml, --bridge.x=…) is left to Spring's report, which names where it was set.
 */
public class VariableFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

    private static final Pattern MAPPED = Pattern.compile("^\\$\\{([a-z0-9.-]+):?[^}]*}$");

    private final Environment environment;

    public VariableFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    /** Before Spring Boot's analyzer of the same failures. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        ConfigurationProperty property = cause.getProperty();
        if (property == null || property.getValue() == null) {
            return null;
        }
        Matcher mapped = MAPPED.matcher(property.getValue().toString());
        String variable;
        String value;
        boolean secret;
        if (mapped.matches()) {
            String key = mapped.group(1);
            variable = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            value = environment.getProperty(key);
            secret = EmbeddedDefaults.SECRETS.containsKey(key);
        } else if (property.getOrigin() instanceof OriginProvider wrapped && wrapped.getOrigin() instanceof SystemEnvironmentOrigin bound) {
            // a variable Spring binds by its relaxed name (BRIDGE_STORAGE_MEMORY to bridge.storage.memory); its origin
            // comes wrapped in the property source's (PropertySourceOrigin)
            variable = bound.getProperty();
            value = property.getValue().toString();
            secret = EmbeddedDefaults.SECRETS.containsValue(variable);
        } else {
            return null;
        }
        Class<?> type = cause.getTarget().getType().resolve(Object.class);
        String shown = value == null ? "" : secret ? " (the value is not shown)" : " is " + OneLine.quoted(OneLine.of(value, 80));
        String why = NestedExceptionUtils.getMostSpecificCause(cause).getMessage();
        return new FailureAnalysis(variable + shown + ", which cannot be read as a " + type.getSimpleName()
                + (why == null ? "" : ": " + OneLine.of(why, 200)), "set " + variable + " to " + form(type) + ", or remove it for its default", cause);
    }

    private static String form(Class<?> type) {
        if (type == DataSize.class) {
            return "a size such as 8MB or 256KB (B, KB, MB, GB; a plain number is bytes)";
        }
        if (type == Duration.class) {
            return "a duration such as 30s, 500ms, 5m or 48h (ms, s, m, h, d; a plain number is milliseconds)";
        }
        return "a value of the form the README's Configuration gives";
    }
}
