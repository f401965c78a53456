using Penchant.Server;

// The Penchant server: configuration from appsettings.json, environment (Penchant__...) and arguments.
var app = PenchantServerHost.BuildApp(args);
await app.RunAsync();

/// <summary>The entry point, public so that tests can start the app with WebApplicationFactory.</summary>
public partial class Program;
