package io.cdrplatform.deployment;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which environment variable names a piece of code can read: every string constant that looks like
 * one ({@code [A-Z][A-Z0-9_]+}) in the constant pools of its class files, plus every
 * {@code ${env:NAME}} lookup in its configuration files (log4j2.xml). Read from the jar or classes
 * directory a class was loaded from, so "the module reads it" means its compiled code names it.
 */
final class ReadEnvironmentNames {

    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*_[A-Z0-9_]+|[A-Z]{4,}");
    private static final Pattern ENV_LOOKUP = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)");

    private ReadEnvironmentNames() {
    }

    /** The names read by the code that the given classes come from (each class's jar or directory, whole). */
    static Set<String> of(Class<?>... anchors) {
        Set<String> names = new TreeSet<>();
        for (Class<?> anchor : anchors) {
            names.addAll(inCodeSourceOf(anchor));
        }
        return names;
    }

    static Set<String> inCodeSourceOf(Class<?> anchor) {
        try {
            Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(location) ? inDirectory(location) : inJar(location);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> inDirectory(Path root) throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                scan(root.relativize(file).toString(), Files.readAllBytes(file), names);
            }
        }
        return names;
    }

    private static Set<String> inJar(Path jar) throws IOException {
        Set<String> names = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (!entry.isDirectory()) {
                    try (InputStream in = file.getInputStream(entry)) {
                        scan(entry.getName(), in.readAllBytes(), names);
                    }
                }
            }
        }
        return names;
    }

    private static void scan(String fileName, byte[] content, Set<String> into) throws IOException {
        if (fileName.endsWith(".class")) {
            for (String constant : utf8Constants(content)) {
                if (NAME.matcher(constant).matches()) {
                    into.add(constant);
                }
            }
        } else if (fileName.endsWith(".xml") || fileName.endsWith(".json") || fileName.endsWith(".properties")) {
            Matcher lookup = ENV_LOOKUP.matcher(new String(content, StandardCharsets.UTF_8));
            while (lookup.find()) {
                into.add(lookup.group(1));
            }
        }
    }

    /** The CONSTANT_Utf8 entries of a class file's constant pool (JVMS 4.4). */
    static Set<String> utf8Constants(byte[] classFile) throws IOException {
        Set<String> constants = new TreeSet<>();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            return constants;
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        for (int index = 1; index < count; index++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> constants.add(in.readUTF());
                case 3, 4 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    index++; // 8-byte constants take two slots
                }
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 15 -> in.skipNBytes(3);
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return constants;
    }
}
