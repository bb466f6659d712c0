package cz.bridge.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cz.bridge.logging.OneLine;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * A documented variable whose value cannot be read (DAKTELA_TIME_ZONE=Europe/Praha, a duration 'ten'):
 * application.yml maps it with a placeholder, so Spring's own report named the placeholder in the jar's
 * application.yml ("Value: ${daktela.time-zone:Europe/Prague}") and "Update your application's
 * configuration". This one names the variable, its value and why it cannot be read. A value set under
 * the property's own name (no placeholder) is left to Spring's report, which names where it was set.
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
        Matcher mapped = property == null || property.getValue() == null ? null : MAPPED.matcher(property.getValue().toString());
        if (mapped == null || !mapped.matches()) {
            return null;
        }
        String key = mapped.group(1);
        String variable = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        String value = environment.getProperty(key);
        String shown = value == null ? "" : EmbeddedDefaults.SECRETS.containsKey(key) ? " (the value is not shown)" : " is " + OneLine.quoted(OneLine.of(value, 80));
        String why = NestedExceptionUtils.getMostSpecificCause(cause).getMessage();
        return new FailureAnalysis(variable + shown + ", which cannot be read as a "
                + cause.getTarget().getType().resolve(Object.class).getSimpleName() + (why == null ? "" : ": " + OneLine.of(why, 200)),
                "set " + variable + " to a value of the form the README's Configuration gives, or remove it for its default", cause);
    }
}
