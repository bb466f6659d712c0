package cz.bridge.config;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.spi.SimpleFunction;

/**
 * The route files' field reads: {@code ${field(variable.state.user)}} is what {@code ${variable.state.user}}
 * reads, {@code ${field(variable.event.kind.name)}} what {@code ${variable.event.kind.name()}} does: a path of
 * public methods without parameters (a record's values, {@code name}, {@code size}) from a variable or the
 * exception (not from the body: Camel puts the function's argument in the body's place while it runs).
 * Why not Camel's own: for each such read Camel 4.18 makes a new bean expression and a copy of the whole
 * exchange (SimpleExpressionBuilder.KeyedOgnlExpressionAdapter, BeanExpression.invokeOgnlMethod), and an event
 * has thirteen such reads (what that cost: bench/README.md, "Field reads").
 * Here a path is split once and each method looked up once per class. A custom simple function
 * (Camel's SimpleFunction, found among the beans by its name): the argument is the path as text.
 */
public class FieldFunction implements SimpleFunction {

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.publicLookup();
    /**
     * The paths kept split. A route file has a few dozen; a path made from a value at run time
     * (${field(${header.x})}) would add one per value, so past this many a path is split at each read.
     */
    private static final int PATHS_KEPT = 1_000;
    /** How much of a path an error message repeats: ${field()} reads the body, which may be a whole callback. */
    private static final int PATH_SHOWN = 80;

    private final Map<String, Path> paths = new ConcurrentHashMap<>();
    private final Map<Class<?>, Map<String, MethodHandle>> readers = new ConcurrentHashMap<>();

    @Override
    public String getName() {
        return "field";
    }

    @Override
    public Object apply(Exchange exchange, Object input) throws Exception {
        String text = String.valueOf(input);
        Path path = paths.get(text);
        if (path == null) {
            path = paths.size() < PATHS_KEPT ? paths.computeIfAbsent(text, Path::parse) : Path.parse(text);
        }
        Object value = path.start(exchange);
        for (String name : path.names()) {
            if (value == null) {
                return null; // as Camel's ${variable.a.b} when a is not set
            }
            value = read(value, name, path);
        }
        return value;
    }

    private Object read(Object target, String name, Path path) throws Exception {
        MethodHandle reader = readers.computeIfAbsent(target.getClass(), type -> new ConcurrentHashMap<>())
                .computeIfAbsent(name, method -> reader(target.getClass(), method));
        if (reader == null) {
            throw new IllegalArgumentException(shown(path.text()) + ": " + target.getClass().getSimpleName()
                    + " has no value '" + name + "'; it has " + valueNames(target.getClass()));
        }
        try {
            return reader.invoke(target);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * The public method without parameters named so, or its getter (statusCode: getStatusCode, as Camel reads
     * it), found through a public type (the class of a JDK map is not public).
     */
    private static MethodHandle reader(Class<?> type, String name) {
        String capitalised = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String method : List.of(name, "get" + capitalised, "is" + capitalised)) {
            for (Class<?> owner : publicTypes(type)) {
                try {
                    Method found = owner.getMethod(method);
                    if (found.getReturnType() != void.class && !Modifier.isStatic(found.getModifiers())) {
                        return LOOKUP.unreflect(found).asType(MethodType.methodType(Object.class, Object.class));
                    }
                } catch (NoSuchMethodException | IllegalAccessException e) {
                    // not on this type: the next
                }
            }
        }
        return null; // not cached by computeIfAbsent: the lookup is repeated, and fails again, at each read
    }

    private static List<Class<?>> publicTypes(Class<?> type) {
        if (Modifier.isPublic(type.getModifiers())) {
            return List.of(type);
        }
        List<Class<?>> types = new ArrayList<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (Modifier.isPublic(c.getModifiers())) {
                types.add(c);
            }
            for (Class<?> i : c.getInterfaces()) {
                types.add(i);
            }
        }
        return types;
    }

    private static String valueNames(Class<?> type) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getParameterCount() == 0 && m.getReturnType() != void.class && !Modifier.isStatic(m.getModifiers())
                        && m.getDeclaringClass() != Object.class && m.getDeclaringClass() != Throwable.class)
                .map(m -> m.getName().replaceFirst("^(get|is)([A-Z])", "$2"))
                .map(n -> Character.toLowerCase(n.charAt(0)) + n.substring(1))
                .filter(n -> !List.of("hashCode", "toString").contains(n)).sorted().distinct()
                .reduce((a, b) -> a + ", " + b).orElse("none");
    }

    private static String shown(String text) {
        return "${field(" + (text.length() > PATH_SHOWN ? text.substring(0, PATH_SHOWN) + "…" : text) + ")}";
    }

    /** Where a path starts (a variable or the exception) and the methods it calls from there. */
    private record Path(String text, Source source, String variable, List<String> names) {

        enum Source { VARIABLE, EXCEPTION }

        static Path parse(String text) {
            List<String> parts = Arrays.stream(text.trim().split("\\.", -1))
                    .map(part -> part.endsWith("()") ? part.substring(0, part.length() - 2) : part).toList();
            if (parts.stream().anyMatch(part -> !part.matches("[A-Za-z_$][A-Za-z0-9_$]*"))) {
                throw new IllegalArgumentException(shown(text) + ": not a path of names with dots between them,"
                        + " like variable.state.user");
            }
            return switch (parts.get(0)) {
                case "variable" -> {
                    if (parts.size() < 2) {
                        throw new IllegalArgumentException(shown(text) + ": name the variable, like variable.state.user");
                    }
                    yield new Path(text, Source.VARIABLE, parts.get(1), parts.subList(2, parts.size()));
                }
                case "exception" -> new Path(text, Source.EXCEPTION, null, parts.subList(1, parts.size()));
                default -> throw new IllegalArgumentException(shown(text) + ": a path starts with variable or exception,"
                        + " like variable.state.user or exception.statusCode");
            };
        }

        Object start(Exchange exchange) {
            return switch (source) {
                case VARIABLE -> exchange.getVariable(variable);
                case EXCEPTION -> exchange.getException() != null ? exchange.getException()
                        : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            };
        }
    }
}
