package dev.quarry.samples.spring;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Routes each command-line argument as a support message:
 *
 * <pre>
 * OPENAI_API_KEY=... java -jar quarry-samples-spring-boot.jar "The invoice charged us twice"
 * </pre>
 */
@SpringBootApplication
public class SupportApplication {
  public static void main(String[] args) {
    SpringApplication.run(SupportApplication.class, args);
  }

  @Bean
  CommandLineRunner routeArguments(SupportDesk desk) {
    return args -> {
      for (String message : args) {
        System.out.println(desk.route(message) + "\t" + message);
      }
    };
  }
}
