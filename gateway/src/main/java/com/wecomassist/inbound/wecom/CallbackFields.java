package com.wecomassist.inbound.wecom;

import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The flat fields of a WeCom callback document, XML ({@code <xml><Encrypt>..</Encrypt></xml>}) or
 * JSON ({@code {"encrypt": ..}}). WeCom's documents are one level deep, so a case-insensitive map
 * of name to text is all the gateway needs. XML is parsed with DTDs and external entities off:
 * the body arrives from the internet before its signature is checked.
 */
record CallbackFields(Map<String, String> values) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final XMLInputFactory XML = safeFactory();

    /** Parses XML or JSON by its first non-blank character; throws {@link IllegalArgumentException}. */
    static CallbackFields parse(String document) {
        String trimmed = document == null ? "" : document.strip();
        if (trimmed.startsWith("<")) {
            return parseXml(trimmed);
        }
        if (trimmed.startsWith("{")) {
            return parseJson(trimmed);
        }
        throw new IllegalArgumentException("neither XML nor JSON");
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name.toLowerCase()));
    }

    String getOrNull(String name) {
        return values.get(name.toLowerCase());
    }

    /**
     * Streams through the document (StAX): the root's child elements, each with all the text inside
     * it. A DOM parser built per callback cost almost a quarter of the ack path under load (profiled);
     * the stream reader is cheap to make from one safely configured, thread-safe factory.
     */
    private static CallbackFields parseXml(String xml) {
        XMLStreamReader reader = null;
        try {
            reader = XML.createXMLStreamReader(new StringReader(xml));
            Map<String, String> values = new HashMap<>();
            int depth = 0;
            String field = null;
            StringBuilder text = new StringBuilder();
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamConstants.DTD -> throw new IllegalArgumentException("a DOCTYPE is not accepted");
                    case XMLStreamConstants.START_ELEMENT -> {
                        depth++;
                        if (depth == 2) {
                            field = reader.getLocalName().toLowerCase();
                            text.setLength(0);
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (depth >= 2) {
                            text.append(reader.getText());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        if (depth == 2) {
                            values.put(field, text.toString().strip());
                        }
                        depth--;
                    }
                    default -> {
                    }
                }
            }
            return new CallbackFields(values);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("malformed XML", e);
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing held open: the source is a string
                }
            }
        }
    }

    private static CallbackFields parseJson(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (!root.isObject()) {
                throw new IllegalArgumentException("JSON is not an object");
            }
            Map<String, String> values = new HashMap<>();
            root.properties().forEach(field -> {
                if (field.getValue().isValueNode()) {
                    values.put(field.getKey().toLowerCase(), field.getValue().asString());
                }
            });
            return new CallbackFields(values);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("malformed JSON", e);
        }
    }

    /**
     * Woodstox by name, not whatever {@code newFactory()} finds: its readers are cheap to make (the JDK's
     * built-in one allocates its scanner, entity manager and security manager anew for every document,
     * a sixth of the callback path's CPU under load), and its settings below are the ones we tested.
     */
    private static XMLInputFactory safeFactory() {
        XMLInputFactory factory = new com.ctc.wstx.stax.WstxInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }
}
