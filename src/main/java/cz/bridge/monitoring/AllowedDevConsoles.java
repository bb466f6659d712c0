package cz.bridge.monitoring;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import cz.bridge.logging.OneLine;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleResolver;
import org.apache.camel.impl.console.DefaultDevConsoleRegistry;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's dev console registry with only the consoles on a list. {@code /actuator/camel/{id}} is a
 * GET that calls every console whose id occurs in the path ({@code all} calls them all), and some
 * consoles act when called: {@code send} sent an empty message into direct:park, a junk parked
 * event. A console off the list is never registered, whichever way it is found (a bean, a lookup by
 * id), so no path reaches it.
 * <p>
 * The consoles on the list are looked up by id, each one resource, instead of Camel's scan of the
 * whole class path for every console there is: the scan ran twice at start (Camel's phases 1 and 2),
 * and in the single jar it reads every nested jar, a large share of the start's CPU (docs/benchmark.md, "Start time").
 */
public class AllowedDevConsoles extends DefaultDevConsoleRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(AllowedDevConsoles.class);

    private final Set<String> allowed;
    /** Named on the list but no console of Camel's: said once, though Camel loads the consoles more than once. */
    private final Set<String> unknown = ConcurrentHashMap.newKeySet();

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
    public void loadDevConsoles(boolean force) {
        DevConsoleResolver resolver = PluginHelper.getDevConsoleResolver(getCamelContext());
        for (String id : allowed) {
            if (getConsole(id).isPresent()) {
                continue;
            }
            try {
                DevConsole console = resolver.resolveDevConsole(id);
                if (console == null) {
                    // a typing error in the list left the console out without a word
                    if (unknown.add(id)) {
                        LOG.warn("BRIDGE_MANAGEMENT_CONSOLES names the Camel dev console {}, which Camel does not have: it is left out; "
                                + "correct the name, or leave the setting out for the default list", OneLine.quoted(id));
                    }
                } else {
                    register(console);
                }
            } catch (RuntimeException e) {
                // as Camel's own loading does: a console that cannot be made is left out, the bridge starts
                LOG.warn("Camel dev console {} left out: {}", id, e.toString());
            }
        }
    }

    @Override
    public DevConsole resolveById(String id) {
        // the default resolves a console that is not registered yet, and hands it out even if
        // registering it fails
        return allowed.contains(id) ? super.resolveById(id) : null;
    }
}
