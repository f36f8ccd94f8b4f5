package com.wecomassist.learn;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whether a customer's question says what it is about. "那个东西怎么弄" could belong to any entry:
 * whatever answer an agent sent it, as a variant it would only make the knowledge base match
 * vague questions to that entry with confidence. A question is too vague when, normalised as
 * {@link Phrasings} does and without the words that carry no subject — pointers (那个, 这个),
 * stand-ins (东西, 事情), question and "do it" words (怎么弄, 如何, 什么), greetings, pronouns and
 * particles — fewer than {@link #MIN_CONTENT} characters are left. Verbs and nouns that name a
 * business (办, 卡, 转账) are never taken out: "办卡" keeps its two characters.
 */
public final class VagueQuestions {

    /** Characters of content a question needs to say what it is about (挂失, 转账, 年费). */
    public static final int MIN_CONTENT = 2;

    /** Taken out longest first, so that 怎么弄 goes as a whole before 怎么 would leave 弄 behind. */
    private static final List<String> NO_SUBJECT = Stream.of(
            "为什么", "怎么弄", "怎么办", "怎么搞", "怎么样", "怎么回事", "能不能", "是不是", "有没有", "可不可以",
            "那个", "这个", "那些", "这些", "那样", "这样", "东西", "事情", "事儿", "玩意", "情况",
            "怎么", "如何", "什么", "咋弄", "咋办", "请问", "你好", "您好", "麻烦", "一下", "到底", "还是", "就是",
            "可以", "知道", "帮我", "帮忙", "谢谢", "我想", "想问", "问问", "一个",
            "弄", "搞", "咋", "啥", "哪个", "我", "你", "您", "他", "她", "它", "们", "的", "地", "得", "了", "着",
            "吗", "呢", "吧", "啊", "呀", "哦", "嗯", "哈", "么", "嘛", "呗", "这", "那", "个")
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();

    private VagueQuestions() {
    }

    /** True when the question names nothing an entry could be about. */
    public static boolean tooVague(String question) {
        return content(question).length() < MIN_CONTENT;
    }

    /** What is left of a question without the words that carry no subject (normalised). */
    static String content(String question) {
        String left = Phrasings.normalise(question);
        for (String word : NO_SUBJECT) {
            left = left.replace(word, "");
        }
        return left;
    }
}
