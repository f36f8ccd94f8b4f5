package com.wecomassist;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class AssistApplication {

    public static void main(String[] args) {
        SpringApplication.run(AssistApplication.class, args);
    }
}
