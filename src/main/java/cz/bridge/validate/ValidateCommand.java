package cz.bridge.validate;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import cz.bridge.logging.OneLine;
import cz.bridge.daktela.DaktelaClient;

/**
 * {@code java -jar bridge.jar validate [--mappings PATH] [--daktela] [--json]}: validates
 * mappings.yaml (and compares it with Daktela's pauses) without starting Spring or the broker.
 *
 * <p>Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage problem, a missing
 * file or setting, or Daktela could not be reached.
 */
public final class ValidateCommand {

    public static final int OK = 0;
    public static final int ERRORS = 1;
    public static final int PROBLEM = 2;

    static final String USAGE = """
            Usage: java -jar bridge.jar validate [--mappings PATH] [--daktela] [--json]

              --mappings PATH  the file to check; default: BRIDGE_MAPPINGS_FILE or MAPPINGS_FILE
                               from the environment, else ./mappings.yaml (a path set in
                               application.yml is not read: pass it here)
              --daktela        also compare the NotReady rows with Daktela's pauses
                               (needs DAKTELA_URL and DAKTELA_ACCESS_TOKEN)
              --json           print the findings as JSON

            Exit code: 0 no errors (warnings allowed), 1 errors found, 2 usage or connection problem.
            """;

    private ValidateCommand() {
    }

    /** For BridgeApplication.main: prints to stdout in UTF-8 and exits with the command's code. */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        int code = run(args, out, System.getenv());
        out.flush();
        System.exit(code);
    }

    /**
     * @param args the command line; a leading {@code validate} is skipped
     * @param out  where the table or the JSON goes
     * @param env  the environment (MAPPINGS_FILE, DAKTELA_URL, DAKTELA_ACCESS_TOKEN)
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, Map<String, String> env) {
        List<String> list = Arrays.asList(args);
        boolean json = list.contains("--json");
        Path mappings = null;
        boolean daktela = false;
        for (int i = (!list.isEmpty() && "validate".equals(list.get(0))) ? 1 : 0; i < list.size(); i++) {
            String arg = list.get(i);
            switch (arg) {
                case "--json" -> {
                }
                case "--daktela" -> daktela = true;
                case "-h", "--help" -> {
                    out.print(USAGE);
                    return OK;
                }
                case "--mappings" -> {
                    if (i + 1 >= list.size() || list.get(i + 1).startsWith("--")) {
                        return problem(out, json, "--mappings needs the path of the mappings file", true);
                    }
                    mappings = Path.of(list.get(++i));
                }
                default -> {
                    if (arg.startsWith("--mappings=") && arg.length() > "--mappings=".length()) {
                        mappings = Path.of(arg.substring("--mappings=".length()));
                    } else {
                        return problem(out, json, "unknown argument " + OneLine.quoted(arg), true);
                    }
                }
            }
        }
        // the variable the path came from, if any, so that a wrong one is corrected where it was set
        String from = null;
        if (mappings == null) {
            from = variable(env, "MAPPINGS_FILE");
            if (from != null && env.get(from).isBlank()) {
                // refused, as the bridge's start refuses it (EmbeddedDefaults), not read as ./mappings.yaml
                return problem(out, json, from + " is set but empty: set it to the mappings file's path, or remove it for "
                        + "./mappings.yaml", false);
            }
            mappings = Path.of(from == null ? "./mappings.yaml" : env.get(from).trim());
        }
        if (!Files.isRegularFile(mappings)) {
            // a folder named as one, as the bridge's start names it
            String what = Files.isDirectory(mappings) ? " is a folder, not a file" : " does not exist";
            return problem(out, json, "the mappings file " + mappings.toAbsolutePath().normalize()
                    + (from == null ? what + ": pass --mappings PATH or set MAPPINGS_FILE"
                    : " (" + from + ")" + what + ": correct " + from), false);
        }
        DaktelaClient client = null;
        if (daktela) {
            try {
                client = new DaktelaClient(setting(env, "DAKTELA_URL"), setting(env, "DAKTELA_ACCESS_TOKEN"));
            } catch (DaktelaCheckFailed e) {
                return problem(out, json, e.getMessage(), false);
            }
        }
        ValidationReport report = new MappingsValidator().validate(mappings, client);
        if (json) {
            out.println(toJson(report.toJson()));
        } else {
            out.print(FindingsTable.render(report, width(env)));
        }
        return report.exitCode();
    }

    /**
     * A setting as the bridge reads it from the environment: the property's own variable (BRIDGE_MAPPINGS_FILE
     * for bridge.mappings-file, Spring's relaxed binding) wins over the README's (MAPPINGS_FILE), which
     * application.yml maps onto the property; null when neither is set. So validate checks the file the
     * bridge would load, not another one.
     */
    static String setting(Map<String, String> env, String name) {
        String variable = variable(env, name);
        return variable == null ? null : env.get(variable).trim();
    }

    /**
     * Which variable gives the setting, or null: the property's own, dashes dropped (BRIDGE_MAPPINGSFILE), then as
     * underscores, then the README's, as Spring binds them (why: {@link #setting}).
     */
    private static String variable(Map<String, String> env, String name) {
        String own = "BRIDGE_" + (name.startsWith("DAKTELA_") ? "DAKTELA_" + name.substring(8).replace("_", "") : name.replace("_", ""));
        // set but empty counts as set, as Spring binds it: the bridge takes the empty value, not the next variable's
        return Stream.of(own, "BRIDGE_" + name, name).filter(v -> env.get(v) != null).findFirst().orElse(null);
    }

    private static int problem(PrintStream out, boolean json, String message, boolean usage) {
        if (json) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", "problem");
            answer.put("problem", message);
            answer.put("exitCode", PROBLEM);
            out.println(toJson(answer));
        } else {
            out.println("validate: " + message);
            if (usage) {
                out.println();
                out.print(USAGE);
            }
        }
        return PROBLEM;
    }

    static String toJson(Object value) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int width(Map<String, String> env) {
        try {
            int columns = Integer.parseInt(env.getOrDefault("COLUMNS", "").trim());
            return columns >= 80 ? columns : FindingsTable.DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return FindingsTable.DEFAULT_WIDTH;
        }
    }
}
