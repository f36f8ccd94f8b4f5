package com.wecomassist.inbound.wecom;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.helpers.DefaultHandler;
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
    private static final DocumentBuilderFactory XML = safeFactory();

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

    private static CallbackFields parseXml(String xml) {
        try {
            DocumentBuilder builder = XML.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // throw on fatal errors, print nothing
            Document doc = builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            Map<String, String> values = new HashMap<>();
            NodeList children = doc.getDocumentElement().getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                Node child = children.item(i);
                if (child.getNodeType() == Node.ELEMENT_NODE) {
                    values.put(child.getNodeName().toLowerCase(), child.getTextContent().strip());
                }
            }
            return new CallbackFields(values);
        } catch (Exception e) {
            throw new IllegalArgumentException("malformed XML", e);
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

    private static DocumentBuilderFactory safeFactory() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            return factory;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured safely", e);
        }
    }
}
