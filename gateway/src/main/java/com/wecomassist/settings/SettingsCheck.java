package com.wecomassist.settings;

import com.wecomassist.settings.SettingsCatalog.Kind;
import com.wecomassist.settings.SettingsCatalog.Setting;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.convert.ConverterNotFoundException;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * Reads every {@code assist.*} name in every property source (application.yml, environment
 * variables, command-line arguments, system properties, test properties) against the
 * {@link SettingsCatalog}, then binds every known setting on its own: one line per unknown name
 * (with the closest known one when it is a likely misspelling) and per value that does not fit,
 * saying the value and what is allowed.
 */
final class SettingsCheck {

    private static final String ENVIRONMENT_PREFIX = SettingsCatalog.ROOT.toUpperCase(Locale.ROOT) + "_";

    private SettingsCheck() {
    }

    /** Every problem of the environment's {@code assist.*} settings, one line each, in the order found. */
    static List<String> problems(ConfigurableEnvironment environment, SettingsCatalog catalog) {
        Set<String> problems = new LinkedHashSet<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable
                    && !ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
                for (String name : enumerable.getPropertyNames()) {
                    String problem = unknownName(source, name, catalog);
                    if (problem != null) {
                        problems.add(problem);
                    }
                }
            }
        }
        problems.addAll(badValues(environment, catalog));
        return List.copyOf(problems);
    }

    // ---- names ------------------------------------------------------------------------------

    private static String unknownName(PropertySource<?> source, String name, SettingsCatalog catalog) {
        boolean environmentVariable = source instanceof SystemEnvironmentPropertySource && !name.contains(".");
        if (environmentVariable) {
            if (!name.toUpperCase(Locale.ROOT).startsWith(ENVIRONMENT_PREFIX)) {
                return null;
            }
            String[] tokens = name.substring(ENVIRONMENT_PREFIX.length()).toLowerCase(Locale.ROOT).split("_", -1);
            if (knownEnvironmentVariable(catalog.root(), tokens, 0)) {
                return null;
            }
            return name + " (environment variable): unknown setting" + didYouMean(environmentSuggestion(name, catalog));
        }
        ConfigurationPropertyName parsed = ConfigurationPropertyName.adapt(name, '.');
        if (parsed.getNumberOfElements() == 0
                || !parsed.getElement(0, ConfigurationPropertyName.Form.UNIFORM).equals(SettingsCatalog.ROOT)) {
            return null;
        }
        List<String> elements = new ArrayList<>();
        List<String> written = new ArrayList<>();
        for (int i = 0; i < parsed.getNumberOfElements(); i++) {
            elements.add(parsed.isNumericIndex(i) ? "#" : parsed.getElement(i, ConfigurationPropertyName.Form.UNIFORM));
            written.add(parsed.getElement(i, ConfigurationPropertyName.Form.ORIGINAL));
        }
        Mismatch mismatch = mismatch(catalog.root(), elements, 1);
        if (mismatch == null) {
            return null;
        }
        String where = where(source, name, OriginLookup.getOrigin(source, name));
        if (mismatch.index() == elements.size() && mismatch.at().kind() == Kind.GROUP) {
            return name + " (" + where + "): not a setting but a group of them (" + mismatch.at().key() + ".*)";
        }
        return name + " (" + where + "): unknown setting" + didYouMean(suggestion(mismatch, written));
    }

    /** Where a name leaves the catalogue: the last setting reached and the index of the element it does not know. */
    private record Mismatch(Setting at, int index) {
    }

    /** Null when the elements (uniform, {@code #} for an index) from {@code i} on name a setting under {@code at}. */
    private static Mismatch mismatch(Setting at, List<String> elements, int i) {
        int n = elements.size();
        return switch (at.kind()) {
            case VALUE -> i == n ? null : new Mismatch(at, i);
            case GROUP -> {
                Setting child = i == n ? null : at.children().get(elements.get(i));
                yield child == null ? new Mismatch(at, i) : mismatch(child, elements, i + 1);
            }
            // a whole map or list given as one value: the binding below says whether it fits
            case MAP -> i == n ? null : mismatch(at.element(), elements, i + 1);
            case LIST -> i == n ? null
                    : elements.get(i).equals("#") ? mismatch(at.element(), elements, i + 1) : new Mismatch(at, i);
        };
    }

    /**
     * Whether {@code ASSIST_A_B_C} names a setting. An underscore stands for a dot or a dash (or
     * nothing: {@code ASSIST_WECOM_CORPID}), so each way of reading the words is tried.
     */
    private static boolean knownEnvironmentVariable(Setting at, String[] tokens, int i) {
        int n = tokens.length;
        switch (at.kind()) {
            case VALUE:
                return i == n;
            case GROUP: {
                StringBuilder word = new StringBuilder();
                for (int j = i; j < n; j++) {
                    word.append(tokens[j]);
                    Setting child = at.children().get(word.toString());
                    if (child != null && knownEnvironmentVariable(child, tokens, j + 1)) {
                        return true;
                    }
                }
                return false;
            }
            case MAP: {
                if (i == n) {
                    return true;
                }
                for (int j = i + 1; j <= n; j++) {
                    if (!tokens[j - 1].isEmpty() && knownEnvironmentVariable(at.element(), tokens, j)) {
                        return true;
                    }
                }
                return false;
            }
            case LIST:
                return i == n || (tokens[i].chars().allMatch(Character::isDigit) && !tokens[i].isEmpty()
                        && knownEnvironmentVariable(at.element(), tokens, i + 1));
            default:
                return false;
        }
    }

    private static String didYouMean(String suggestion) {
        return suggestion == null ? "" : "; did you mean " + suggestion + "?";
    }

    /**
     * The known setting closest to what was written after the point where it left the catalogue,
     * with the same number of name elements; {@code <name>} in a setting matches any key.
     */
    private static String suggestion(Mismatch mismatch, List<String> written) {
        String prefix = String.join(".", written.subList(0, mismatch.index()));
        List<String> rest = written.subList(mismatch.index(), written.size()).stream().map(SettingsCatalog::uniform)
                .toList();
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Setting candidate : descendants(mismatch.at())) {
            String relative = candidate.key().substring(mismatch.at().key().length() + 1);
            List<String> candidateElements = Arrays.asList(relative.replace("[<n>]", ".<n>").split("\\."));
            if (candidateElements.size() != rest.size()) {
                continue;
            }
            int distance = 0;
            List<String> filled = new ArrayList<>();
            for (int i = 0; i < rest.size(); i++) {
                String element = candidateElements.get(i);
                if (element.startsWith("<")) {
                    filled.add(written.get(mismatch.index() + i));
                } else {
                    distance += editDistance(rest.get(i), SettingsCatalog.uniform(element));
                    filled.add(element);
                }
            }
            if (distance <= allowedDistance(candidateElements.get(candidateElements.size() - 1))
                    && distance < bestDistance) {
                bestDistance = distance;
                best = prefix + "." + String.join(".", filled);
            }
        }
        return best;
    }

    private static String environmentSuggestion(String name, SettingsCatalog catalog) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Setting candidate : catalog.values()) {
            if (candidate.key().contains("<")) {
                continue;
            }
            String variable = candidate.key().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            int distance = editDistance(name.toUpperCase(Locale.ROOT), variable);
            String last = candidate.key().substring(candidate.key().lastIndexOf('.') + 1);
            if (distance <= allowedDistance(last) && distance < bestDistance) {
                bestDistance = distance;
                best = variable;
            }
        }
        return best;
    }

    /** A slip of one letter in a short word, up to three in a long one: "assist.foo" suggests nothing. */
    private static int allowedDistance(String lastElement) {
        return Math.max(1, Math.min(3, SettingsCatalog.uniform(lastElement).length() / 4));
    }

    private static List<Setting> descendants(Setting at) {
        List<Setting> all = new ArrayList<>();
        collectDescendants(at, all);
        return all;
    }

    private static void collectDescendants(Setting at, List<Setting> into) {
        switch (at.kind()) {
            case GROUP -> at.children().values().forEach(child -> {
                into.add(child);
                collectDescendants(child, into);
            });
            case MAP, LIST -> {
                into.add(at.element());
                collectDescendants(at.element(), into);
            }
            case VALUE -> {
            }
        }
    }

    /** Edits (insert, delete, replace, swap two neighbours) from one word to the other. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    // ---- values -----------------------------------------------------------------------------

    /**
     * Binds each setting alone (so that one bad value does not hide the next), then each record
     * whole where its values were fine, which runs the records' own checks (ranges, lengths).
     */
    private static List<String> badValues(ConfigurableEnvironment environment, SettingsCatalog catalog) {
        Binder binder = Binder.get(environment);
        List<String> problems = new ArrayList<>();
        Set<String> groupsWithProblems = new LinkedHashSet<>();
        for (Setting setting : bindable(catalog.root())) {
            try {
                binder.bind(setting.key(), Bindable.of(setting.type()).withAnnotations(setting.annotations()));
            } catch (BindException e) {
                problems.add(describe(e));
                groupsWithProblems.add(setting.key());
            }
        }
        for (Map.Entry<String, Class<?>> record : catalog.records().entrySet()) {
            String prefix = record.getKey();
            if (groupsWithProblems.stream().anyMatch(key -> key.startsWith(prefix + "."))) {
                continue;
            }
            try {
                binder.bindOrCreate(prefix, Bindable.of(record.getValue()));
            } catch (BindException e) {
                // a value that does not convert was reported above, or is a group given a value (a name problem)
                if (conversionTarget(e) == null) {
                    problems.add(describe(e));
                }
            }
        }
        return problems;
    }

    /** The places bound on their own: values outside maps and lists, and whole maps and lists. */
    private static List<Setting> bindable(Setting at) {
        List<Setting> all = new ArrayList<>();
        if (at.kind() == Kind.GROUP) {
            at.children().values().forEach(child -> all.addAll(bindable(child)));
        } else {
            all.add(at);
        }
        return all;
    }

    private static String describe(BindException e) {
        ConfigurationProperty property = e.getProperty();
        String name = property != null ? property.getName().toString() : e.getName().toString();
        String where = property != null ? " (" + where(null, name, property.getOrigin()) + ")" : "";
        TypeDescriptor target = conversionTarget(e);
        Object value = property != null ? property.getValue() : null;
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ConversionFailedException failed && failed.getValue() != null) {
                value = failed.getValue();
                break;
            }
        }
        if (target != null) {
            return name + where + ": '" + value + "' is not valid; allowed: " + allowed(target);
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        // the records' own checks name the setting and the rule in their message
        return root.getMessage() != null && root.getMessage().contains(SettingsCatalog.ROOT + ".")
                ? root.getMessage() + where
                : name + where + ": " + root.getMessage();
    }

    /** The type a value did not convert to; null when the binding failed otherwise (a record's own check). */
    private static TypeDescriptor conversionTarget(BindException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ConversionFailedException failed) {
                return failed.getTargetType();
            }
            if (cause instanceof ConverterNotFoundException notFound) {
                return notFound.getTargetType();
            }
        }
        return null;
    }

    /** What a setting of this type takes, in the words of the README. */
    static String allowed(TypeDescriptor type) {
        Class<?> raw = type.getObjectType();
        if (type.isCollection() || type.isArray()) {
            TypeDescriptor element = type.getElementTypeDescriptor();
            return "a comma-separated list of " + (element == null ? "values" : allowed(element));
        }
        if (raw.isEnum()) {
            return Arrays.stream(raw.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        if (raw == Duration.class) {
            return "a duration such as 500ms, 30s, 5m, 2h or 7d";
        }
        if (raw == DataSize.class) {
            return "a size such as 512KB or 32MB";
        }
        if (raw == Boolean.class) {
            return "true or false";
        }
        if (raw == Integer.class || raw == Long.class || raw == Short.class || raw == Byte.class) {
            return "a whole number";
        }
        if (raw == Double.class || raw == Float.class) {
            return "a number such as 0.5";
        }
        if (raw == URI.class || raw == URL.class) {
            return "a URL such as https://example.com/path";
        }
        return "a " + raw.getSimpleName();
    }

    /** Where a setting was written: "command line", "environment variable ASSIST_MODE", "... application.yml line 3". */
    private static String where(PropertySource<?> source, String name, Origin origin) {
        if (origin instanceof TextResourceOrigin text) {
            String resource = text.getResource() != null ? text.getResource().getDescription() : "a file";
            return text.getLocation() != null ? resource + " line " + (text.getLocation().getLine() + 1) : resource;
        }
        if (origin instanceof SystemEnvironmentOrigin variable) {
            return "environment variable " + variable.getProperty();
        }
        if (origin instanceof PropertySourceOrigin fromSource) {
            return fromSource.getOrigin() != null ? where(null, name, fromSource.getOrigin())
                    : where(fromSource.getPropertySource(), name, null);
        }
        if (source == null) {
            return origin != null ? origin.toString() : "unknown source";
        }
        return switch (source.getName()) {
            case "commandLineArgs" -> "command line";
            case "systemProperties" -> "system property";
            case "systemEnvironment" -> "environment variable";
            default -> "property source '" + source.getName() + "'";
        };
    }
}
