using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Bpr;
using Penchant.Server.Contracts;
using Penchant.Server.Services;

namespace Penchant.Server.Tests.Privacy;

/// <summary>
/// Erasure removes every trace at once: afterwards neither the raw id nor its pseudonym is anywhere in the SQLite
/// file, its WAL and shared-memory files, the saved snapshot or the model files, byte by byte; and the raw id never reached the logs.
/// </summary>
public sealed class ErasureTests : IAsyncLifetime
{
    private const string RawId = "zoe.unique-shopper-7731";

    private readonly RecordingLoggerProvider _logs = new();
    private readonly PenchantServerFactory _factory;

    public ErasureTests() => _factory = new PenchantServerFactory(
        new Dictionary<string, string?>
        {
            ["Penchant:Recommender"] = "bpr",
            ["Penchant:Exploration:Share"] = "0.4",
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        },
        logs: _logs);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task After_erasure_neither_the_id_nor_the_pseudonym_is_in_any_byte_of_the_database_wal_or_model_files()
    {
        var pseudonym = PenchantServerFactory.Pseudonym(RawId);
        using var ingest = _factory.Ingest();
        using var admin = _factory.Admin();
        await ShopFixture.SeedAsync(_factory);
        (await ingest.PutAsJsonAsync($"/v1/users/{RawId}", new UserDto(RawId, new Dictionary<string, string> { ["region"] = "EU" }))).EnsureSuccessStatusCode();
        var now = DateTimeOffset.UtcNow;
        var events = Enumerable.Range(0, 4).Select(i => new EventDto($"z{i}", RawId, ShopFixture.ItemId("Books", i), "view", now.AddMinutes(-i)))
            .Append(new EventDto("z-review", RawId, "books-1", "review", now, Text: "lovely, reach me at zoe@example.com"))
            .Append(new EventDto("z-search", RawId, null, "search", now, Text: "books like the last one"));
        (await ingest.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([.. events]))).EnsureSuccessStatusCode();
        await _factory.TrainAsync();
        var serving = _factory.Services.GetRequiredService<ServingModel>();
        Assert.True(serving.Current.Users.Contains(pseudonym));
        var usersBefore = SaveModel(serving.Current, "before.model");
        var served = (await ingest.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/{RawId}?count=5"))!; // few enough that a novel cluster is left to explore
        Assert.True(served.Personalized);
        Assert.Contains(served.Items, static i => i.Explore);

        // The served slate is in the impression log under the shopper's surrogate key.
        await _factory.Services.GetRequiredService<ImpressionWriter>().FlushAsync();
        var key = Scalar("SELECT key FROM user_keys WHERE id = $p", pseudonym);
        Assert.Equal(served.Items.Count, Scalar("SELECT COUNT(*) FROM impressions WHERE user_key = $p", key));

        // The search must be able to find what it looks for: before erasure the pseudonym is on disk, the raw id never.
        Assert.Contains(_factory.DatabasePath + ".snapshot", FilesContaining(pseudonym));
        Assert.Empty(FilesContaining(RawId));

        var response = await admin.DeleteAsync($"/v1/users/{RawId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var erased = (await response.Content.ReadFromJsonAsync<ErasureResponse>())!;
        Assert.Equal(pseudonym, erased.Receipt.UserPseudonym);
        Assert.Equal(6, erased.Receipt.EventsRemoved);
        Assert.True(erased.Receipt.UserRecordRemoved);
        Assert.Equal(2, erased.Receipt.CacheEntriesRemoved); // exploration state, and the feed of the slate served
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM impressions WHERE user_key = $p", key));
        Assert.Equal(1, erased.Receipt.ModelStatesRemoved);
        Assert.NotNull(erased.Receipt.RetrainScheduledAt);
        Assert.True(erased.StorageCompacted);

        // At once: the serving model no longer maps the shopper.
        Assert.False(serving.Current.Users.Contains(pseudonym));

        // The scheduled retrain forgets the shopper's factors and their share of item statistics.
        await _factory.TrainAsync();
        var usersAfter = SaveModel(serving.Current, "after.model");
        Assert.Equal(usersBefore - 1, usersAfter);

        SqliteConnection.ClearAllPools();
        Assert.Empty(FilesContaining(pseudonym));
        Assert.Empty(FilesContaining(RawId));
        Assert.Contains(_factory.DatabasePath + "-wal", Directory.EnumerateFiles(_factory.Directory));
        Assert.Contains(_factory.DatabasePath + ".snapshot", Directory.EnumerateFiles(_factory.Directory));
        Assert.DoesNotContain(_logs.Messages, static m => m.Contains(RawId, StringComparison.Ordinal));

        // Coming back, the shopper gets what a stranger gets (this visit is served and logged anew, like a new event).
        var after = await ingest.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/{RawId}?explore=0");
        var stranger = await ingest.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/a-stranger?explore=0");
        Assert.Equal(stranger!.Items, after!.Items);
    }

    private long Scalar(string sql, object parameter)
    {
        using var connection = new SqliteConnection($"Data Source={_factory.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$p", parameter);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Saves the serving model beside the database, as an operator would; returns how many users it holds factors for.</summary>
    private int SaveModel(ServingSnapshot snapshot, string name)
    {
        var model = Assert.IsType<BprModel>(snapshot.Model);
        using var stream = File.Create(Path.Combine(_factory.Directory, name));
        ModelFile.Save(model, stream);
        return model.UserCount;
    }

    /// <summary>Every file of the server's folder (database, -wal, -shm, models) holding <paramref name="text"/> as UTF-8 or UTF-16.</summary>
    private List<string> FilesContaining(string text)
    {
        byte[][] needles = [Encoding.UTF8.GetBytes(text), Encoding.Unicode.GetBytes(text)];
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(_factory.Directory))
        {
            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                bytes = copy.ToArray();
            }

            if (needles.Any(n => bytes.AsSpan().IndexOf(n) >= 0))
            {
                found.Add(file);
            }
        }

        return found;
    }
}
