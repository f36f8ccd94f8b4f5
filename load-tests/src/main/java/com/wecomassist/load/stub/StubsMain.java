package com.wecomassist.load.stub;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts the three stubs of a load run in one process on loopback and keeps them up for at most
 * {@code --max-seconds} (then exits by itself): the WeCom API, the chat-completions model and the
 * bare WebFlux endpoint. Prints {@code stubs ready} once all three listen.
 *
 * <pre>
 * --host 127.0.0.1 --wecom-port 18081 --llm-port 18082 --bare-port 18083 --max-seconds 1800
 * --llm-first-token-ms 1500 --llm-tokens-per-second 0 --llm-total-ms 1500 --llm-error-rate 0
 * --contacts-customers 0 --contacts-employees 1000   (客户联系: the synthetic customers batch/get_by_user serves)
 * --contacts-first-createtime 1700000000   (when customer 0's friendship began, epoch seconds; one second apart after)
 * --contacts-latency-ms 0   (how long every externalcontact/* call takes to answer: WeCom's round trip)
 * </pre>
 */
public final class StubsMain {

    private StubsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> o = options(args);
        String host = o.getOrDefault("host", "127.0.0.1");
        if (!host.startsWith("127.") && !host.equals("localhost") && !host.equals("::1")) {
            throw new IllegalArgumentException("the stubs listen on loopback only, not " + host);
        }
        long maxSeconds = Math.min(Long.parseLong(o.getOrDefault("max-seconds", "1800")), 4 * 3600);
        LlmStubSettings llm = new LlmStubSettings(
                Duration.ofMillis(Long.parseLong(o.getOrDefault("llm-first-token-ms", "1500"))),
                Double.parseDouble(o.getOrDefault("llm-tokens-per-second", "0")),
                Duration.ofMillis(Long.parseLong(o.getOrDefault("llm-total-ms", "1500"))),
                Double.parseDouble(o.getOrDefault("llm-error-rate", "0")));
        SyntheticContacts contacts = new SyntheticContacts(Long.parseLong(o.getOrDefault("contacts-customers", "0")),
                Integer.parseInt(o.getOrDefault("contacts-employees", "1000")),
                Long.parseLong(o.getOrDefault("contacts-first-createtime", String.valueOf(SyntheticContacts.FIRST_CREATETIME))));
        Duration contactsLatency = Duration.ofMillis(Long.parseLong(o.getOrDefault("contacts-latency-ms", "0")));
        WecomApiStub wecom = new WecomApiStub(host, Integer.parseInt(o.getOrDefault("wecom-port", "18081")), contacts,
                contactsLatency);
        ChatCompletionsStub chat = new ChatCompletionsStub(host, Integer.parseInt(o.getOrDefault("llm-port", "18082")), llm);
        BareEndpoint bare = new BareEndpoint(host, Integer.parseInt(o.getOrDefault("bare-port", "18083")));
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            bare.close();
            chat.close();
            wecom.close();
        }));
        System.out.println("stubs ready: wecom " + wecom.baseUrl() + ", llm " + chat.baseUrl() + " (" + llm + "), bare "
                + bare.baseUrl() + ", " + contacts.customers() + " synthetic 客户联系 customers of " + contacts.employees()
                + " employees (answered after " + contactsLatency.toMillis() + " ms); stopping by itself after " + maxSeconds + " s");
        if (!stop.await(maxSeconds, TimeUnit.SECONDS)) {
            System.out.println("stubs: --max-seconds reached, stopping");
            System.exit(0);
        }
    }

    public static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            o.put(args[i].substring(2), args[++i]);
        }
        return o;
    }
}
