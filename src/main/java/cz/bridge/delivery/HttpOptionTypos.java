package cz.bridge.delivery;

import java.net.URI;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import cz.bridge.mapping.Names;
import org.apache.camel.CatalogCamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names a misspelt option of an http endpoint in a route file (the AristoTelos call's parameters in
 * aristotelos.camel.yaml). camel-http's endpoints are lenient: a parameter that is no option of theirs
 * ({@code responseTimout: 10000}) is sent as a query parameter of every request, and the option stays at
 * its default, without a word; Camel has no switch to refuse it. A parameter a few typing errors
 * from an option is logged as a WARN at start and at each reload of a route file (Camel adds the
 * endpoint then); a query parameter far from every option is taken as meant for AristoTelos. Only the
 * parameter's name is logged, not its value.
 */
public class HttpOptionTypos extends LifecycleStrategySupport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpOptionTypos.class);

    private final ObjectMapper json;

    public HttpOptionTypos(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void onEndpointAdd(Endpoint endpoint) {
        if (!(endpoint instanceof HttpEndpoint http) || http.getHttpUri() == null || http.getHttpUri().getRawQuery() == null) {
            return;
        }
        URI uri = http.getHttpUri();
        try {
            Set<String> options = options(endpoint, uri.getScheme());
            for (String parameter : URISupport.parseQuery(uri.getRawQuery()).keySet()) {
                String option = Names.closest(parameter, options);
                if (option != null) {
                    LOG.warn("The http endpoint {}://{}{} has the parameter {}, which is no option of camel-http: it is sent "
                                    + "as a query parameter of each request, and the option is not set. Fix: spell it {} in the "
                                    + "route file's parameters", uri.getScheme(), uri.getRawAuthority(), uri.getRawPath(), parameter, option);
                }
            }
        } catch (Exception e) {
            LOG.debug("The query of {} could not be checked for misspelt options", uri.getRawPath(), e);
        }
    }

    /**
     * The endpoint's options and the component's: camel-http takes its timeouts, documented as the
     * component's, from an endpoint's parameters too. Read from the component's own description in its
     * jar, which names both kinds (the endpoint's URI factory names only the endpoint's).
     */
    private Set<String> options(Endpoint endpoint, String scheme) throws Exception {
        JsonNode description = json.readTree(((CatalogCamelContext) endpoint.getCamelContext()).getComponentParameterJsonSchema(scheme));
        Set<String> options = new HashSet<>();
        description.path("componentProperties").fieldNames().forEachRemaining(options::add);
        description.path("properties").fieldNames().forEachRemaining(options::add);
        return options;
    }
}
