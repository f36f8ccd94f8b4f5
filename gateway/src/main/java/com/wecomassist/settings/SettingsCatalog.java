package com.wecomassist.settings;

import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Every {@code assist.*} setting the gateway binds, read from its {@code @ConfigurationProperties}
 * records: the classes {@code @ConfigurationPropertiesScan} registers, found the same way. A new
 * record component is a known setting at once; there is no second list to keep in step.
 */
final class SettingsCatalog {

    /** The settings' common prefix: only names under it are checked (spring.*, server.* are Spring's). */
    static final String ROOT = "assist";

    private static final Map<List<String>, SettingsCatalog> SCANNED = new ConcurrentHashMap<>();

    /** What a place in the tree of settings holds. */
    enum Kind {
        /** named settings (a record) */
        GROUP,
        /** one value: a string, a number, a duration, an enum ... */
        VALUE,
        /** any key, each holding {@link Setting#element} (a {@code Map}) */
        MAP,
        /** a comma-separated value or numbered elements, each an {@link Setting#element} (a collection) */
        LIST
    }

    /**
     * One place in the tree.
     *
     * @param key         the setting as the README writes it ({@code assist.console.users.<name>.roles})
     * @param type        what is bound there (VALUE, MAP, LIST)
     * @param annotations the record component's annotations (units of durations and sizes, defaults)
     * @param children    GROUP: the settings in it, by {@link #uniform} name
     * @param element     MAP: each value; LIST: each element
     */
    record Setting(Kind kind, String key, ResolvableType type, Annotation[] annotations, Map<String, Setting> children,
                   Setting element) {
    }

    private final Setting root;
    private final Map<String, Class<?>> records;

    private SettingsCatalog(Setting root, Map<String, Class<?>> records) {
        this.root = root;
        this.records = records;
    }

    /** The catalogue of the {@code assist.*} records in these packages (scanned once per JVM). */
    static SettingsCatalog scan(Collection<String> basePackages) {
        return SCANNED.computeIfAbsent(List.copyOf(basePackages), SettingsCatalog::scanNow);
    }

    private static SettingsCatalog scanNow(List<String> basePackages) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<Class<?>> records = new ArrayList<>();
        ClassLoader loader = SettingsCatalog.class.getClassLoader();
        for (String basePackage : basePackages) {
            for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
                records.add(ClassUtils.resolveClassName(candidate.getBeanClassName(), loader));
            }
        }
        return of(records);
    }

    /** The catalogue of these {@code @ConfigurationProperties} records; other prefixes are left out. */
    static SettingsCatalog of(Collection<Class<?>> propertiesClasses) {
        Setting root = group(ROOT, new LinkedHashMap<>());
        Map<String, Class<?>> records = new LinkedHashMap<>();
        for (Class<?> type : propertiesClasses) {
            String prefix = MergedAnnotations.from(type).get(ConfigurationProperties.class).getString("prefix");
            if (!prefix.equals(ROOT) && !prefix.startsWith(ROOT + ".")) {
                continue;
            }
            if (!type.isRecord()) {
                throw new IllegalStateException(type.getName() + " binds " + prefix + ".* but is not a record: "
                        + "the settings check reads the settings from record components");
            }
            Setting group = root;
            String key = ROOT;
            for (String segment : prefix.substring(ROOT.length()).split("\\.")) {
                if (segment.isEmpty()) {
                    continue;
                }
                key = key + "." + segment;
                String name = key;
                group = group.children().computeIfAbsent(uniform(segment), s -> group(name, new LinkedHashMap<>()));
            }
            addComponents(group, type);
            records.put(prefix, type);
        }
        return new SettingsCatalog(root, records);
    }

    Setting root() {
        return root;
    }

    /** The {@code @ConfigurationProperties} records by their prefix ({@code assist.wecom} → WecomProperties). */
    Map<String, Class<?>> records() {
        return records;
    }

    /** The settings that hold values (not groups), with {@code <name>} and {@code [<n>]} for open parts. */
    List<Setting> values() {
        List<Setting> values = new ArrayList<>();
        collectValues(root, values);
        return values;
    }

    private static void collectValues(Setting setting, List<Setting> into) {
        switch (setting.kind()) {
            case GROUP -> setting.children().values().forEach(child -> collectValues(child, into));
            case MAP -> collectValues(setting.element(), into);
            case LIST -> {
                if (setting.element().kind() == Kind.VALUE) {
                    into.add(setting);
                } else {
                    collectValues(setting.element(), into);
                }
            }
            case VALUE -> into.add(setting);
        }
    }

    /**
     * A name element as Spring's relaxed binding compares it: lower case, letters and digits only
     * ({@code maxClockSkew}, {@code max-clock-skew} and {@code max_clock_skew} are one setting).
     */
    static String uniform(String element) {
        StringBuilder out = new StringBuilder(element.length());
        for (int i = 0; i < element.length(); i++) {
            char c = element.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString();
    }

    private static Setting group(String key, Map<String, Setting> children) {
        return new Setting(Kind.GROUP, key, null, new Annotation[0], children, null);
    }

    private static void addComponents(Setting group, Class<?> record) {
        for (RecordComponent component : record.getRecordComponents()) {
            Name renamed = component.getAnnotation(Name.class);
            String name = renamed != null ? renamed.value() : dashed(component.getName());
            group.children().put(uniform(name), setting(group.key() + "." + name,
                    ResolvableType.forType(component.getGenericType()), component.getAnnotations()));
        }
    }

    private static Setting setting(String key, ResolvableType type, Annotation[] annotations) {
        Class<?> raw = type.toClass();
        if (raw.isRecord()) {
            Setting group = group(key, new LinkedHashMap<>());
            addComponents(group, raw);
            return group;
        }
        if (Map.class.isAssignableFrom(raw)) {
            Setting value = setting(key + ".<name>", type.asMap().getGeneric(1), new Annotation[0]);
            return new Setting(Kind.MAP, key, type, annotations, Map.of(), value);
        }
        if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
            ResolvableType elementType = raw.isArray() ? type.getComponentType() : type.asCollection().getGeneric(0);
            Setting element = setting(key + "[<n>]", elementType, new Annotation[0]);
            return new Setting(Kind.LIST, key, type, annotations, Map.of(), element);
        }
        return new Setting(Kind.VALUE, key, type, annotations, Map.of(), null);
    }

    /** {@code maxClockSkew} → {@code max-clock-skew}, the form the README and application.yml use. */
    private static String dashed(String camelCase) {
        StringBuilder out = new StringBuilder(camelCase.length() + 4);
        for (int i = 0; i < camelCase.length(); i++) {
            char c = camelCase.charAt(i);
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
