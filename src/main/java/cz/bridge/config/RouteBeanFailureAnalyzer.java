package cz.bridge.config;

import cz.bridge.logging.OneLine;
import org.apache.camel.PropertyBindingException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.NestedExceptionUtils;

/**
 * A bean property in a route file that cannot take its value (maxBytes: 64KB where a number of bytes goes, a
 * misspelt property): Camel stops the start with "Application run failed" and a stack trace, the file, the bean and
 * the value in three "Caused by" lines. Said in one line naming the file, the property and its value.
 */
public class RouteBeanFailureAnalyzer extends AbstractFailureAnalyzer<PropertyBindingException> {

    /** How Camel's loader says which route file it was reading. */
    private static final String RESOURCE = "Error pre-parsing resource: ";

    @Override
    protected FailureAnalysis analyze(Throwable root, PropertyBindingException binding) {
        String file = "a route file";
        for (Throwable t = root; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith(RESOURCE)) {
                file = OneLine.of(t.getMessage().substring(RESOURCE.length()), 300);
            }
        }
        String property = OneLine.of(binding.getPropertyName(), 100);
        String bean = binding.getTarget() == null ? "its bean" : binding.getTarget().getClass().getSimpleName();
        Throwable reason = NestedExceptionUtils.getMostSpecificCause(binding);
        return new FailureAnalysis(file + ": the property " + property + " of " + bean + " cannot be set to '"
                + OneLine.of(String.valueOf(binding.getValue()), 80) + "' (" + OneLine.of(reason.getMessage(), 200) + ")",
                "give " + property + " in " + file + " a value of the form the comment beside it shows (a plain number where it "
                        + "counts bytes or milliseconds), or the shipped file's value", root);
    }
}
