package cz.bridge.monitoring;

import java.util.Set;

import javax.management.ObjectName;

import org.jolokia.server.core.restrictor.AllowAllRestrictor;
import org.jolokia.server.core.util.HttpMethod;

/**
 * What Jolokia ({@code /actuator/jolokia}, under Hawtio) lets the logged-in operator do, read by
 * Jolokia through {@code management.endpoint.jolokia.config.restrictorClass}. Who may call it at
 * all is {@link ManagementSecurity}'s business (basic auth, and a POST only with a JSON-like content
 * type or {@code X-Requested-With}); this closes what Jolokia would open around that rule:
 * <ul>
 * <li>POST only. Jolokia also executes operations on a GET ({@code /actuator/jolokia/exec/...}),
 * which a page on another site can make with the operator's cached credentials (an image tag);
 * Hawtio sends everything as a POST with {@code Content-Type: text/json}.</li>
 * <li>No CORS grant. Jolokia answers any {@code Origin} with {@code Access-Control-Allow-Origin}
 * set to it and {@code Allow-Credentials: true}, so a page on another site could read every
 * MBean with the operator's credentials. Hawtio is served from the same origin and needs none.</li>
 * <li>No operations of the JVM's diagnostic MBeans: {@code DiagnosticCommand} loads agents into
 * the process ({@code jvmtiAgentLoad}) and writes files; {@code HotSpotDiagnostic} writes heap
 * dumps wherever it is told and changes VM options. The Camel MBeans (stop or start a route, reset
 * statistics) stay usable, as in jconsole.</li>
 * </ul>
 * Everything else is allowed, as by Jolokia's {@link AllowAllRestrictor}: any request type, reading
 * any attribute, no MBean hidden, and remote access (the management port listens where
 * MANAGEMENT_ADDRESS says, loopback by default, behind the login).
 */
public class OperatorJolokiaRestrictor extends AllowAllRestrictor {

    static final Set<String> JVM_DIAGNOSTICS = Set.of(
            "com.sun.management:type=DiagnosticCommand", "com.sun.management:type=HotSpotDiagnostic",
            // copyTo(id, path) writes a recording wherever it is told, like a heap dump
            "jdk.management.jfr:type=FlightRecorder");

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return method == HttpMethod.POST;
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return !jvmDiagnostics(name);
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        return !jvmDiagnostics(name);
    }

    /**
     * Called with {@code onlyWhenStrictCheckingIsEnabled} true before serving a request (passes: the
     * request came through the login and the content-type rule) and with false to decide whether to
     * grant it to another origin in CORS headers (never).
     */
    @Override
    public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        return onlyWhenStrictCheckingIsEnabled;
    }

    private static boolean jvmDiagnostics(ObjectName name) {
        return name != null && JVM_DIAGNOSTICS.contains(name.getCanonicalName());
    }
}
