/// What a quotation captures, per F# semantics: a local value is copied into the quotation when it is
/// created; a module-level value and a ref cell's contents are read each time the gradient is called.
module ExprGrad.FSharp.Tests.ClosureTests

open Xunit
open ExprGrad.FSharp

let mutable scale = 2.0

[<Fact>]
let ``a module-level mutable changed between calls is seen by the next call`` () =
    let g = grad <@ fun x -> scale * x * x @>
    scale <- 2.0
    let before = g 3.0
    scale <- 5.0
    let after = g 3.0
    scale <- 2.0
    Assert.Equal((12.0, 30.0), (before, after))

[<Fact>]
let ``a ref cell captured by the quotation is read at call time`` () =
    let weight = ref 1.0
    let g = grad <@ fun x -> weight.Value * sin x @>
    let before = g 0.0
    weight.Value <- -3.0
    Assert.Equal((1.0, -3.0), (before, g 0.0))

[<Fact>]
let ``a local value is copied when the quotation is created`` () =
    let make (c: float) = grad <@ fun x -> c * x @>
    let two, seven = make 2.0, make 7.0
    Assert.Equal((2.0, 7.0), (two 1.0, seven 1.0))
