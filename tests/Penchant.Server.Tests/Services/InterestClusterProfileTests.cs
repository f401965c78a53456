using System.Net.Http.Json;
using Penchant.Core.Data;
using Penchant.Core.Synthetic;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Services;

/// <summary>
/// Interest clusters as a profile facet, end to end: a generated shop (planted interests) goes in through the
/// API, training builds the clusters, and the profile endpoint shows cluster interests with labels and evidence.
/// </summary>
public sealed class InterestClusterProfileTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new(new Dictionary<string, string?> { ["Penchant:ItemsPerInterestCluster"] = "5" });
    private readonly SyntheticShop _shop = new ShopGenerator(new ShopGeneratorOptions { Seed = 11, ItemCount = 600, ShopperCount = 120, EventsPerShopper = 60 }).Generate();

    public async Task InitializeAsync()
    {
        using var client = _factory.Ingest();
        (await client.PostAsJsonAsync("/v1/items", new ItemBatchDto([.. _shop.Items.Select(ToDto)]))).EnsureSuccessStatusCode();
        foreach (var chunk in _shop.Events.Chunk(5000))
        {
            (await client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([.. chunk.Select(ToDto)]))).EnsureSuccessStatusCode();
        }

        await _factory.TrainAsync();
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>
    /// Each profile's top 5 long-term cluster interests are named (by the cluster label's first category) after
    /// the shopper's planted current leaf categories; the test asserts the mean share of planted categories found.
    /// </summary>
    [Fact]
    public async Task Cluster_interests_carry_labels_evidence_and_recover_planted_interests()
    {
        using var client = _factory.Ingest();
        var recalls = new List<double>();
        foreach (var truth in _shop.GroundTruth.Values.Take(40))
        {
            var profile = (await client.GetFromJsonAsync<InterestProfileDto>($"/v1/profiles/{truth.UserId}"))!;
            Assert.NotEmpty(profile.Clusters!);
            Assert.Equal(1.0, profile.Clusters!.Sum(static c => c.Weight), 3);
            var clusters = profile.LongTerm!.Where(static i => i.Kind == "cluster").ToList();
            Assert.NotEmpty(clusters);
            foreach (var cluster in clusters)
            {
                Assert.NotNull(cluster.ClusterId);
                Assert.False(string.IsNullOrWhiteSpace(cluster.Name));
                Assert.NotEmpty(cluster.Evidence.RecentEventIds);
                Assert.True(cluster.Evidence.Counts.Values.Sum() > 0);
                Assert.StartsWith("interest " + cluster.Name + ": ", cluster.Summary, StringComparison.Ordinal);
            }

            var named = profile.Clusters!.Take(5).SelectMany(static c => c.Name.Split(" · ")[0].Split(" & ")).ToHashSet(StringComparer.Ordinal);
            var planted = truth.CurrentCategories.Select(static c => c.Category.Split(" > ")[^1]).Distinct().ToList();
            recalls.Add(planted.Count(named.Contains) / (double)planted.Count);
        }

        Assert.True(recalls.Average() >= 0.7, $"mean recall of planted leaf categories in cluster labels {recalls.Average():F3}");
    }

    [Fact]
    public async Task An_accepted_event_moves_the_cluster_interest_in_the_next_request_and_ids_survive_a_retrain()
    {
        using var client = _factory.Ingest();
        var truth = _shop.GroundTruth.Values.First();
        var before = (await client.GetFromJsonAsync<InterestProfileDto>($"/v1/profiles/{truth.UserId}"))!;
        var known = before.Clusters!.Select(static c => c.Name).ToHashSet(StringComparer.Ordinal);

        // An item from a cluster the shopper has shown no interest in: find it through another shopper's profile.
        InterestDto? foreign = null;
        foreach (var other in _shop.GroundTruth.Values.Skip(1))
        {
            var profile = (await client.GetFromJsonAsync<InterestProfileDto>($"/v1/profiles/{other.UserId}"))!;
            foreign = profile.LongTerm!.FirstOrDefault(i => i.Kind == "cluster" && !known.Contains(i.Name));
            if (foreign is not null)
            {
                break;
            }
        }

        Assert.NotNull(foreign);
        var eventId = foreign.Evidence.RecentEventIds[0];
        var itemId = _shop.Events.Single(e => e.EventId == eventId).ItemId;
        var purchase = new EventDto("fresh-purchase", truth.UserId, itemId, "purchase", _shop.End.AddMinutes(1));
        (await client.PostAsJsonAsync("/v1/events", purchase)).EnsureSuccessStatusCode();

        var after = (await client.GetFromJsonAsync<InterestProfileDto>($"/v1/profiles/{truth.UserId}"))!;
        var moved = after.ShortTerm!.Single(i => i.Kind == "cluster" && i.Name == foreign.Name);
        Assert.Equal(foreign.ClusterId, moved.ClusterId);
        Assert.Contains("fresh-purchase", moved.Evidence.RecentEventIds);
        Assert.Equal(1, moved.Evidence.Counts["purchase"]);
        Assert.Contains(after.Clusters!, c => c.Name == foreign.Name);

        // The same data retrained: every cluster keeps its id.
        await _factory.TrainAsync();
        var retrained = (await client.GetFromJsonAsync<InterestProfileDto>($"/v1/profiles/{truth.UserId}"))!;
        var ids = after.LongTerm!.Where(static i => i.Kind == "cluster").ToDictionary(static i => i.Name, static i => i.ClusterId);
        var kept = retrained.LongTerm!.Where(static i => i.Kind == "cluster").Count(i => ids.TryGetValue(i.Name, out var id) && id == i.ClusterId);
        Assert.Equal(ids.Count, kept);
    }

    /// <summary>
    /// A restart forgets the served clusters in memory but not in the store: the restarted server (over the same
    /// file, with another k-means seed, so fresh ids would come out in another order) matches its training against
    /// the stored clusters, and the profiles show the same cluster ids and labels as before.
    /// </summary>
    [Fact]
    public async Task Cluster_ids_and_labels_survive_a_restart_of_the_server()
    {
        var users = _shop.GroundTruth.Values.Take(20).Select(static t => t.UserId).ToList();
        var before = await ClusterInterestsAsync(_factory, users);
        Assert.True(before.Count >= 20, $"only {before.Count} distinct cluster interests to compare");

        await using var restarted = new PenchantServerFactory(new Dictionary<string, string?>
        {
            ["Penchant:ItemsPerInterestCluster"] = "5",
            ["Penchant:Seed"] = "7",
            ["Penchant:DatabasePath"] = _factory.DatabasePath,
        });
        await restarted.TrainAsync();
        var after = await ClusterInterestsAsync(restarted, users);

        var same = before.Count(b => after.TryGetValue(b.Key, out var label) && label == b.Value);
        Assert.True(same >= before.Count * 0.9, $"only {same} of {before.Count} cluster ids kept their label across the restart");
    }

    /// <summary>The cluster interests (id to label) in the long-term profiles of <paramref name="users"/>.</summary>
    private static async Task<Dictionary<int, string>> ClusterInterestsAsync(PenchantServerFactory factory, IEnumerable<string> users)
    {
        using var client = factory.Ingest();
        var clusters = new Dictionary<int, string>();
        foreach (var user in users)
        {
            var profile = (await client.GetFromJsonAsync<InterestProfileDto>($"/v1/profiles/{user}"))!;
            foreach (var interest in profile.LongTerm!.Where(static i => i.Kind == "cluster"))
            {
                clusters[interest.ClusterId!.Value] = interest.Name;
            }
        }

        return clusters;
    }

    private static ItemDto ToDto(Item item) => new(
        item.Id, item.Title, item.Description, item.Categories, item.Brand, item.Price, item.TagList, null, null, item.Available, item.CreatedAt);

    private static EventDto ToDto(Event e) => new(e.EventId, e.UserId, e.ItemId, e.Type.WireName(), e.Timestamp, e.Value, e.Text, e.SessionId);
}
