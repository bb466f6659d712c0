package cz.bridge.intake;

import java.io.IOException;
import java.io.PrintWriter;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * The answers Tomcat gives itself on the callback port, before the door or the routes see the
 * request (a request line or headers it cannot read, headers over
 * {@code server.max-http-request-header-size}), as JSON like every other answer there, saying what
 * to fix, instead of Tomcat's HTML page. Not Tomcat's own JsonErrorReportValve: its answer has another
 * shape ({"type", "message", "description"}) than every other answer on the port ({"error": …}) and
 * says nothing of what to do. Tomcat makes the host's error report valve from its class name, so this
 * has no constructor parameters.
 */
public class JsonErrorReport extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // as ErrorReportValve: only an error whose answer nobody has written yet
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String error = status == 400
                ? "the request could not be read (a malformed request line or header, or headers larger than the server "
                        + "takes): send an HTTP/1.1 POST with only the callback's headers"
                : "HTTP " + status + " from the web server: check the request";
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                // the bridge's own words, without quotes or backslashes: nothing to escape
                writer.write("{\"error\":\"" + error + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException senderGoneOrCommitted) {
            // nothing more to say to this sender
        }
    }
}
