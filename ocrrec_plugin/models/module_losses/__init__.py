from .case_insensitive_ctc_module_loss import CaseInsensitiveCTCModuleLoss

__all__ = ['CaseInsensitiveCTCModuleLoss']
