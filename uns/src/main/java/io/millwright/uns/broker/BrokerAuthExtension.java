package io.millwright.uns.broker;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Authentication and per-user topic permissions for the embedded broker, as a HiveMQ extension
 * living in our process. Every client must give a user and password; the permissions found for the
 * user are the only topics it may touch.
 */
final class BrokerAuthExtension implements ExtensionMain {

  private final BrokerUsers users;
  final LongAdder refused = new LongAdder();

  BrokerAuthExtension(BrokerUsers users) {
    this.users = users;
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    SimpleAuthenticator authenticator =
        (authInput, authOutput) -> {
          var connect = authInput.getConnectPacket();
          Optional<String> user = connect.getUserName();
          Optional<ByteBuffer> password = connect.getPassword();
          if (user.isEmpty() || password.isEmpty()) {
            refused.increment();
            authOutput.failAuthentication(
                ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "user name and password are required");
            return;
          }
          byte[] secret = new byte[password.get().remaining()];
          password.get().duplicate().get(secret);
          Optional<List<TopicRule>> rules = users.authenticate(user.get(), secret);
          java.util.Arrays.fill(secret, (byte) 0);
          if (rules.isEmpty()) {
            refused.increment();
            authOutput.failAuthentication(
                ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "wrong user name or password");
            return;
          }
          ModifiableDefaultPermissions permissions = authOutput.getDefaultPermissions();
          for (TopicRule rule : rules.get()) {
            permissions.add(
                Builders.topicPermission()
                    .topicFilter(rule.filter())
                    .activity(
                        switch (rule.access()) {
                          case PUBLISH -> TopicPermission.MqttActivity.PUBLISH;
                          case SUBSCRIBE -> TopicPermission.MqttActivity.SUBSCRIBE;
                          case ALL -> TopicPermission.MqttActivity.ALL;
                        })
                    .type(TopicPermission.PermissionType.ALLOW)
                    .build());
          }
          permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
          authOutput.authenticateSuccessfully();
        };
    Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    // nothing held
  }
}
