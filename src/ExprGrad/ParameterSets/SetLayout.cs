using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace ExprGrad;

/// <summary>
/// The members of a parameter set type: a class or record whose public fields and properties of type
/// <c>double</c>, <c>double[]</c> and <c>double[,]</c> are parameters, whose members of another set type are
/// nested sets, and whose one-dimensional arrays of a set type (<c>Layer[]</c>) are arrays of sets. Every other
/// member is data. A member that holds doubles in another form (<c>List&lt;double&gt;</c>, <c>double[][]</c>, a
/// struct) would silently get no gradient, so it is refused, as is a set that contains itself. Members are
/// taken by their declared types, base classes' first, each class's in declaration order.
/// </summary>
internal sealed class SetLayout
{
    private static readonly ConcurrentDictionary<Type, SetLayout> Cache = new();

    private SetLayout(Type type) => Type = type;

    public Type Type { get; }

    public IReadOnlyList<SetMember> Members { get; private set; } = [];

    /// <summary>Whether an array of sets occurs anywhere inside: then the leaves depend on the instance.</summary>
    public bool HasSetArrays { get; private set; }

    /// <summary>How instances are created (for gradients); built on first use.</summary>
    public SetConstruction Construction => construction ??= SetConstruction.For(this);

    private SetConstruction? construction;

    /// <summary>Whether <paramref name="type"/> could be a parameter set (a class of the user's that is not a
    /// tensor); <see cref="For"/> then says whether it is one.</summary>
    public static bool IsCandidate(Type type) =>
        type.IsClass && !type.IsArray && type != typeof(string) && !typeof(Delegate).IsAssignableFrom(type)
        && type.Assembly != typeof(object).Assembly;

    /// <summary>The layout of <paramref name="type"/>, analysed once per type.</summary>
    /// <param name="type">The parameter set type.</param>
    /// <param name="parameterName">The lambda parameter, named in errors.</param>
    /// <param name="argumentName">The argument an <see cref="ArgumentException"/> names.</param>
    /// <exception cref="ArgumentException">The type has no parameters at all.</exception>
    /// <exception cref="NotSupportedException">A member cannot be handled (named in the message).</exception>
    public static SetLayout For(Type type, string parameterName, string argumentName = "f")
    {
        if (Cache.TryGetValue(type, out var cached)) return cached;
        if (!IsCandidate(type) || !ContainsParameters(type, []))
            throw new ArgumentException(
                $"Parameter '{parameterName}' has type {type.Name}; ExprGrad differentiates with respect to double, double[] and double[,] " +
                "parameters and parameter sets: classes or records with public double, double[] or double[,] members, nested sets or arrays of sets.",
                argumentName);
        var layout = Analyze(type, []);
        return Cache.GetOrAdd(type, layout);
    }

    private static SetLayout Analyze(Type type, List<Type> inProgress)
    {
        if (type.IsAbstract)
            throw new NotSupportedException($"The parameter set type {type.Name} is abstract; a gradient is a new instance of the declared type, so sets must be concrete classes.");
        inProgress.Add(type);
        var layout = new SetLayout(type);
        var members = new List<SetMember>();
        foreach (var info in PublicMembers(type))
        {
            var member = Classify(info, inProgress);
            members.Add(member);
            layout.HasSetArrays |= member.Kind == SetMemberKind.SetArray || member.Layout is { HasSetArrays: true };
        }
        layout.Members = members;
        inProgress.RemoveAt(inProgress.Count - 1);
        return layout;
    }

    private static SetMember Classify(MemberInfo info, List<Type> inProgress)
    {
        var (type, canWrite, computed) = info switch
        {
            FieldInfo f => (f.FieldType, !f.IsInitOnly, false),
            PropertyInfo p => (p.PropertyType, p.SetMethod is { IsPublic: true }, p.SetMethod is null && !HasBackingField(p)),
            _ => throw new InvalidOperationException(),
        };
        if (TensorTypes.IsDifferentiable(type))
        {
            var kind = computed ? SetMemberKind.Computed
                : type == typeof(double) ? SetMemberKind.Scalar : type == typeof(double[]) ? SetMemberKind.Vector : SetMemberKind.Matrix;
            return new SetMember(info, type, kind, null, canWrite);
        }
        var element = type.IsArray && type.GetArrayRank() == 1 ? type.GetElementType()! : null;
        var nested = element ?? type;
        if (IsCandidate(nested) && ContainsParameters(nested, []))
        {
            if (inProgress.Contains(nested))
                throw new NotSupportedException(
                    $"The member {info.DeclaringType?.Name}.{info.Name} makes the parameter set {inProgress[0].Name} cyclic: {nested.Name} contains itself " +
                    $"({string.Join(" → ", inProgress.Select(t => t.Name))} → {nested.Name}). A parameter set must be a finite tree of members.");
            var layout = Cached(nested) ?? Analyze(nested, inProgress);
            return new SetMember(info, type, element is null ? SetMemberKind.Set : SetMemberKind.SetArray, layout, canWrite);
        }
        if (HoldsDoubles(type, []))
            throw new NotSupportedException(
                $"The member {info.DeclaringType?.Name}.{info.Name} of type {Show(type)} holds doubles in a form ExprGrad does not differentiate; " +
                "a parameter set's parameters are double, double[] (a vector) or double[,] (a matrix) members, nested sets or one-dimensional arrays of sets.");
        return new SetMember(info, type, SetMemberKind.Data, null, canWrite);
    }

    private static SetLayout? Cached(Type type) => Cache.TryGetValue(type, out var layout) ? layout : null;

    /// <summary>Whether a class (of the user's) has a parameter member, itself or through nested classes and
    /// arrays of them. Cycles stop the search: a class reached again adds nothing new.</summary>
    private static bool ContainsParameters(Type type, HashSet<Type> visited)
    {
        if (!visited.Add(type)) return false;
        foreach (var info in PublicMembers(type))
        {
            var t = info is FieldInfo f ? f.FieldType : ((PropertyInfo)info).PropertyType;
            if (TensorTypes.IsDifferentiable(t)) return true;
            var nested = t.IsArray && t.GetArrayRank() == 1 ? t.GetElementType()! : t;
            if (IsCandidate(nested) && ContainsParameters(nested, visited)) return true;
        }
        return false;
    }

    /// <summary>Whether a type that is not a tensor, a set or an array of sets would hold doubles anyway: a
    /// nullable double, a collection or other generic over doubles or sets, a jagged or higher-rank array, a
    /// struct with double members. Delegates are code, not values.</summary>
    private static bool HoldsDoubles(Type type, HashSet<Type> visited)
    {
        if (!visited.Add(type) || typeof(Delegate).IsAssignableFrom(type)) return false;
        if (type == typeof(double) || TensorTypes.IsArray(type)) return true;
        if (IsCandidate(type) && ContainsParameters(type, [])) return true;
        if (type.IsArray) return HoldsDoubles(type.GetElementType()!, visited);
        if (type.IsGenericType && type.GetGenericArguments().Any(a => HoldsDoubles(a, visited))) return true;
        return type.IsValueType && !type.IsPrimitive && !type.IsEnum
               && PublicMembers(type).Any(m => HoldsDoubles(m is FieldInfo f ? f.FieldType : ((PropertyInfo)m).PropertyType, visited));
    }

    /// <summary>Whether a get-only property returns a stored value: C#'s auto-property field, or an F# record
    /// field's (F# compiles the field <c>Slope</c> to a property over the internal field <c>Slope@</c>).</summary>
    private static bool HasBackingField(PropertyInfo p) =>
        p.DeclaringType!.GetField($"<{p.Name}>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic) is not null
        || p.DeclaringType!.GetField($"{p.Name}@", BindingFlags.Instance | BindingFlags.NonPublic) is not null;

    /// <summary>Public instance fields and readable, non-indexed properties, base classes' members first.</summary>
    private static IEnumerable<MemberInfo> PublicMembers(Type type)
    {
        var chain = new List<Type>();
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType) chain.Insert(0, t);
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (var t in chain)
        {
            var own = t.GetFields(flags).Where(f => !f.IsDefined(typeof(CompilerGeneratedAttribute))).Cast<MemberInfo>()
                .Concat(t.GetProperties(flags).Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0
                                                          && p.GetMethod.GetBaseDefinition().DeclaringType == t))
                .OrderBy(m => m.MetadataToken);
            foreach (var m in own) yield return m;
        }
    }

    private static string Show(Type type) =>
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(Show))}>" : type.Name;
}
