namespace Penchant.Core.Privacy;

/// <summary>Kinds of personal data that <see cref="PiiMasker"/> finds in free text.</summary>
public enum PiiKind
{
    /// <summary>An e-mail address; token "[email]".</summary>
    Email,

    /// <summary>A phone number: international (+ or 00), Chinese mobile, or common national layouts; token "[phone]".</summary>
    Phone,

    /// <summary>A payment card number that passes the Luhn check and matches a card scheme's prefix and length; token "[card]".</summary>
    PaymentCard,

    /// <summary>An IPv4 or IPv6 address; token "[ip]".</summary>
    IpAddress,

    /// <summary>An 18-character Chinese resident identity number with a valid date and ISO 7064 check character; token "[id_number]".</summary>
    ChineseResidentId,
}
