package cz.bridge.monitoring;

import java.util.Collection;
import java.util.Set;

import org.apache.camel.console.DevConsole;
import org.apache.camel.impl.console.DefaultDevConsoleRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's dev console registry with only the consoles on a list. {@code /actuator/camel/{id}} is a
 * GET that calls every console whose id occurs in the path ({@code all} calls them all), and some
 * consoles act when called: {@code send} sent an empty message into direct:park, a junk parked
 * event. A console off the list is never registered, whichever way it is found (the classpath scan,
 * a bean, a lookup by id), so no path reaches it.
 */
public class AllowedDevConsoles extends DefaultDevConsoleRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(AllowedDevConsoles.class);

    private final Set<String> allowed;

    public AllowedDevConsoles(Collection<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    @Override
    public boolean register(DevConsole console) {
        if (!allowed.contains(console.getId())) {
            LOG.debug("Camel dev console {} left out: not in bridge.management.consoles", console.getId());
            return false;
        }
        return super.register(console);
    }

    @Override
    public DevConsole resolveById(String id) {
        // the default resolves a console that is not registered yet, and hands it out even if
        // registering it fails
        return allowed.contains(id) ? super.resolveById(id) : null;
    }
}
