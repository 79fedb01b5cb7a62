using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

/// <summary>What a public member of a parameter set is to ExprGrad.</summary>
internal enum SetMemberKind
{
    /// <summary>A <c>double</c>: a parameter.</summary>
    Scalar,

    /// <summary>A <c>double[]</c>: a parameter.</summary>
    Vector,

    /// <summary>A <c>double[,]</c>: a parameter.</summary>
    Matrix,

    /// <summary>A nested parameter set.</summary>
    Set,

    /// <summary>A one-dimensional array of nested parameter sets (<c>Layer[]</c>).</summary>
    SetArray,

    /// <summary>Anything else: data, read when the gradient is called, without a gradient.</summary>
    Data,

    /// <summary>A property of a parameter's type with neither a setter nor a backing field: computed from
    /// other members by code ExprGrad cannot see, so it is no parameter and the function may not read it.</summary>
    Computed,
}

/// <summary>One public instance field or property of a parameter set.</summary>
internal sealed class SetMember(MemberInfo info, Type type, SetMemberKind kind, SetLayout? layout, bool canWrite)
{
    /// <summary>The field or property.</summary>
    public MemberInfo Info { get; } = info;

    /// <summary>Its name, as paths in messages show it (<c>p.Layers[1].W</c>).</summary>
    public string Name => Info.Name;

    /// <summary>The declared type.</summary>
    public Type Type { get; } = type;

    public SetMemberKind Kind { get; } = kind;

    /// <summary>The nested set's layout (<see cref="SetMemberKind.Set"/>) or the element's
    /// (<see cref="SetMemberKind.SetArray"/>); null otherwise.</summary>
    public SetLayout? Layout { get; } = layout;

    /// <summary>Whether the member can be assigned after construction: a writable field, or a property with a
    /// public <c>set</c> or <c>init</c> accessor (expression trees call an <c>init</c> accessor like a setter).</summary>
    public bool CanWrite { get; } = canWrite;

    /// <summary>A <c>double</c>, <c>double[]</c> or <c>double[,]</c> parameter.</summary>
    public bool IsLeaf => Kind is SetMemberKind.Scalar or SetMemberKind.Vector or SetMemberKind.Matrix;

    /// <summary>The member read from <paramref name="instance"/>.</summary>
    public Expression Read(Expression instance) => Expression.MakeMemberAccess(instance, Info);

    /// <summary>A compiled reader of a reference-typed member (nested sets and arrays), for walking instances
    /// at call time without reflection's per-call cost.</summary>
    public Func<object, object?> Getter => getter ??= CompileGetter();

    private Func<object, object?>? getter;

    private Func<object, object?> CompileGetter()
    {
        var instance = Expression.Parameter(typeof(object), "instance");
        var read = Read(Expression.Convert(instance, Info.DeclaringType!));
        return Expression.Lambda<Func<object, object?>>(Expression.Convert(read, typeof(object)), instance).Compile();
    }

    public override string ToString() => $"{Info.DeclaringType?.Name}.{Name}";
}
